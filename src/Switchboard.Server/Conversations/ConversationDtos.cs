using Switchboard.Abstractions.Conversations;

namespace Switchboard.Server.Conversations;

/// <summary>The body of <c>POST /api/v1/conversations</c>.</summary>
internal sealed class CreateConversationRequest
{
    /// <summary>Gets or sets an optional title (at most 200 characters).</summary>
    public string? Title { get; set; }

    /// <summary>Gets or sets the default model of the conversation (<c>provider:model</c>).</summary>
    public string? Model { get; set; }

    /// <summary>Gets or sets the agent that answers.</summary>
    public string? Agent { get; set; }

    /// <summary>Gets or sets caller-defined string pairs (at most 16; keys up to 64, values up to 512 characters).</summary>
    public Dictionary<string, string>? Metadata { get; set; }
}

/// <summary>The body of <c>POST /api/v1/conversations/{id}/messages</c>.</summary>
internal sealed class PostMessageRequest
{
    /// <summary>Gets or sets the user's message. Required.</summary>
    public string? Content { get; set; }

    /// <summary>Gets or sets a model for this reply only; defaults to the conversation's.</summary>
    public string? Model { get; set; }

    /// <summary>Gets or sets the sampling temperature (0 to 2).</summary>
    public float? Temperature { get; set; }

    /// <summary>Gets or sets the most tokens the reply may use.</summary>
    public int? MaxTokens { get; set; }
}

/// <summary>A conversation as the API shows it.</summary>
internal sealed record ConversationDto(
    string Id,
    string Object,
    string? Title,
    string? Model,
    string? Agent,
    IReadOnlyDictionary<string, string> Metadata,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    int MessageCount)
{
    public static ConversationDto From(Conversation c) =>
        new(c.Id, "conversation", c.Title, c.Model, c.Agent, c.Metadata, c.CreatedAt, c.UpdatedAt, c.MessageCount);
}

/// <summary>Token counts of the model call that produced a message.</summary>
internal sealed record MessageUsageDto(long? PromptTokens, long? CompletionTokens);

/// <summary>A stored message as the API shows it.</summary>
internal sealed record MessageDto(
    string Id,
    string Object,
    string ConversationId,
    long Sequence,
    string Role,
    string? Content,
    IReadOnlyList<ToolCallRecord>? ToolCalls,
    string? ToolCallId,
    string? Model,
    string? Provider,
    MessageUsageDto? Usage,
    long? LatencyMs,
    string? FinishReason,
    DateTimeOffset CreatedAt)
{
    public static MessageDto From(ConversationMessage m) => new(
        m.Id,
        "conversation.message",
        m.ConversationId,
        m.Sequence,
        m.Role,
        m.Content,
        m.ToolCalls.Count == 0 ? null : m.ToolCalls,
        m.ToolCallId,
        m.Model,
        m.Provider,
        m.PromptTokens is null && m.CompletionTokens is null ? null : new MessageUsageDto(m.PromptTokens, m.CompletionTokens),
        m.LatencyMs,
        m.FinishReason,
        m.CreatedAt);
}

/// <summary>One page of a listing.</summary>
internal sealed record ListResponse<T>(string Object, IReadOnlyList<T> Data, string? NextCursor, bool HasMore);

/// <summary>The reply to a posted message: both stored messages.</summary>
internal sealed record ExchangeDto(MessageDto UserMessage, MessageDto AssistantMessage);

/// <summary>A piece of the reply streamed as it arrives (<c>event: message.delta</c>).</summary>
internal sealed record MessageDeltaDto(string Content);
