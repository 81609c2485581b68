using Switchboard.Abstractions.Agents;

namespace Switchboard.Storage.Sqlite;

/// <summary>A <c>tool_executions</c> row as Dapper reads and writes it.</summary>
internal sealed class ToolExecutionRow
{
    public string Id { get; set; } = string.Empty;

    public string ConversationId { get; set; } = string.Empty;

    public string? MessageId { get; set; }

    public string CallId { get; set; } = string.Empty;

    public string Agent { get; set; } = string.Empty;

    public string Tool { get; set; } = string.Empty;

    public string Arguments { get; set; } = string.Empty;

    public string Result { get; set; } = string.Empty;

    public string Status { get; set; } = string.Empty;

    public long DurationMs { get; set; }

    /// <summary>Gets or sets 1 when the result came from the tool result cache, else 0.</summary>
    public long Cached { get; set; }

    public long CreatedAt { get; set; }

    public ToolExecutionRecord ToRecord() => new(
        Id,
        ConversationId,
        MessageId,
        CallId,
        Agent,
        Tool,
        Arguments,
        Result,
        Status,
        DurationMs,
        DateTimeOffset.FromUnixTimeMilliseconds(CreatedAt))
    {
        Cached = Cached != 0,
    };
}
