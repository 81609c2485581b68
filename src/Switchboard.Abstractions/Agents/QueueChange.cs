namespace Switchboard.Abstractions.Agents;

/// <summary>What a claim or close of a queue item left: the item as it is now, and whether this call changed it.</summary>
/// <param name="Item">The item afterwards.</param>
/// <param name="Changed">
/// Whether this call made the change. Of two identical calls at once (an operator's double click), only one did; the
/// other finds the item already as it wanted it and must not record the change again.
/// </param>
public sealed record QueueChange(QueueItem Item, bool Changed);
