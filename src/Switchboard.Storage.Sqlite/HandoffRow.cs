using Switchboard.Abstractions.Agents;

namespace Switchboard.Storage.Sqlite;

/// <summary>An <c>agent_handoffs</c> row as Dapper reads and writes it.</summary>
internal sealed class HandoffRow
{
    public string Id { get; set; } = string.Empty;

    public string ConversationId { get; set; } = string.Empty;

    public string? FromAgent { get; set; }

    public string ToAgent { get; set; } = string.Empty;

    public string Reason { get; set; } = string.Empty;

    public string Method { get; set; } = string.Empty;

    public double? Confidence { get; set; }

    public long? PromptTokens { get; set; }

    public long? CompletionTokens { get; set; }

    public long CreatedAt { get; set; }

    public HandoffRecord ToRecord() => new(
        Id,
        ConversationId,
        FromAgent,
        ToAgent,
        Reason,
        Method,
        Confidence,
        PromptTokens,
        CompletionTokens,
        DateTimeOffset.FromUnixTimeMilliseconds(CreatedAt));
}
