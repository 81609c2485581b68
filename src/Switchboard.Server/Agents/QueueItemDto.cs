using Switchboard.Abstractions.Agents;

namespace Switchboard.Server.Agents;

/// <summary>A handoff queue item as the API shows it.</summary>
internal sealed record QueueItemDto(
    string Id,
    string Object,
    string ConversationId,
    string Agent,
    string Reason,
    string Priority,
    string Team,
    string Summary,
    string Status,
    string? Operator,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ClaimedAt,
    DateTimeOffset? ClosedAt,
    IReadOnlyList<QueueNote>? Notes)
{
    public static QueueItemDto From(QueueItem i, IReadOnlyList<QueueNote>? notes = null) => new(
        i.Id, "handoff_queue.item", i.ConversationId, i.Agent, i.Reason, i.Priority, i.Team, i.Summary, i.Status, i.Operator,
        i.CreatedAt, i.ClaimedAt, i.ClosedAt, notes);
}
