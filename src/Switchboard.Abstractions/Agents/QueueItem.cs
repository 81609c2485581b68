namespace Switchboard.Abstractions.Agents;

/// <summary>An item of the handoff queue.</summary>
/// <param name="Id">The item id (<c>hq_…</c>).</param>
/// <param name="ConversationId">The conversation.</param>
/// <param name="Agent">The agent that escalated.</param>
/// <param name="Reason">Why, in words.</param>
/// <param name="Priority">See <see cref="QueuePriority"/>.</param>
/// <param name="Team">The team that should take it.</param>
/// <param name="Summary">A summary of the conversation for the operator.</param>
/// <param name="Status">See <see cref="QueueItemStatus"/>.</param>
/// <param name="Operator">The operator who claimed it.</param>
/// <param name="CreatedAt">When it was queued.</param>
/// <param name="ClaimedAt">When it was claimed.</param>
/// <param name="ClosedAt">When it was resolved or returned to the bot.</param>
public sealed record QueueItem(
    string Id,
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
    DateTimeOffset? ClosedAt);
