using System.Text.Json;
using Switchboard.Abstractions.Conversations;

namespace Switchboard.Storage.Sqlite;

/// <summary>A <c>messages</c> row as Dapper reads and writes it.</summary>
internal sealed class MessageRow
{
    public string Id { get; set; } = string.Empty;

    public string ConversationId { get; set; } = string.Empty;

    public long Seq { get; set; }

    public string Role { get; set; } = string.Empty;

    public string? Content { get; set; }

    public string? ToolCalls { get; set; }

    public string? ToolCallId { get; set; }

    public string? Model { get; set; }

    public string? Provider { get; set; }

    public long? PromptTokens { get; set; }

    public long? CompletionTokens { get; set; }

    public long? LatencyMs { get; set; }

    public string? FinishReason { get; set; }

    public long CreatedAt { get; set; }

    public string? Author { get; set; }

    public ConversationMessage ToMessage() => new(
        Id,
        ConversationId,
        Seq,
        Role,
        Content,
        ToolCalls is null
            ? []
            : JsonSerializer.Deserialize(ToolCalls, StorageJsonContext.Default.IReadOnlyListToolCallRecord) ?? [],
        ToolCallId,
        Model,
        Provider,
        PromptTokens,
        CompletionTokens,
        LatencyMs,
        FinishReason,
        DateTimeOffset.FromUnixTimeMilliseconds(CreatedAt))
    {
        Author = Author,
    };
}
