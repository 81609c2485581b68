namespace Switchboard.Abstractions.Agents;

/// <summary>The open items of the handoff queue with one status and team: how many, and when the oldest was queued.</summary>
/// <param name="Status"><see cref="QueueItemStatus.Waiting"/> or <see cref="QueueItemStatus.Claimed"/>.</param>
/// <param name="Team">The team the items are for.</param>
/// <param name="Count">How many items (at least 1).</param>
/// <param name="OldestCreatedAt">When the oldest of them was queued.</param>
public sealed record QueueGroupSummary(string Status, string Team, long Count, DateTimeOffset OldestCreatedAt);
