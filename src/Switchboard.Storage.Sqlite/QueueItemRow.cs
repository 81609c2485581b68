using Switchboard.Abstractions.Agents;

namespace Switchboard.Storage.Sqlite;

/// <summary>A <c>handoff_queue</c> row as Dapper reads and writes it.</summary>
internal sealed class QueueItemRow
{
    public string Id { get; set; } = string.Empty;

    public string ConversationId { get; set; } = string.Empty;

    public string Agent { get; set; } = string.Empty;

    public string Reason { get; set; } = string.Empty;

    public string Priority { get; set; } = string.Empty;

    public string Team { get; set; } = string.Empty;

    public string Summary { get; set; } = string.Empty;

    public string Status { get; set; } = string.Empty;

    public string? Operator { get; set; }

    public long CreatedAt { get; set; }

    public long? ClaimedAt { get; set; }

    public long? ClosedAt { get; set; }

    /// <summary>Gets or sets the row's rowid, where a listing selects it (for its cursor).</summary>
    public long RowId { get; set; }

    public QueueItem ToItem() => new(
        Id,
        ConversationId,
        Agent,
        Reason,
        Priority,
        Team,
        Summary,
        Status,
        Operator,
        DateTimeOffset.FromUnixTimeMilliseconds(CreatedAt),
        ClaimedAt is { } claimed ? DateTimeOffset.FromUnixTimeMilliseconds(claimed) : null,
        ClosedAt is { } closed ? DateTimeOffset.FromUnixTimeMilliseconds(closed) : null);
}
