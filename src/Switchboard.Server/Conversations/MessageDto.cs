using Switchboard.Abstractions.Conversations;

namespace Switchboard.Server.Conversations;

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
    DateTimeOffset CreatedAt,
    string? Author)
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
        m.CreatedAt,
        m.Author);
}
