namespace Switchboard.Abstractions.Agents;

/// <summary>The queue of conversations waiting for, or owned by, a person.</summary>
public interface IHandoffQueueStore
{
    /// <summary>Adds a conversation to the queue with status <see cref="QueueItemStatus.Waiting"/>.</summary>
    Task<QueueItem> EnqueueAsync(NewQueueItem item, CancellationToken cancellationToken);

    /// <summary>Gets an item, or null when it does not exist.</summary>
    Task<QueueItem?> GetAsync(string id, CancellationToken cancellationToken);

    /// <summary>Gets the conversation's item that is waiting or claimed, or null when there is none.</summary>
    Task<QueueItem?> GetOpenAsync(string conversationId, CancellationToken cancellationToken);

    /// <summary>
    /// Lists a page of items, most urgent first and then oldest first, filtered by team, priority and status (waiting
    /// and claimed when no status is given).
    /// </summary>
    /// <exception cref="FormatException">The filter's cursor is not one this store wrote.</exception>
    Task<Conversations.Page<QueueItem>> ListAsync(QueueFilter filter, CancellationToken cancellationToken);

    /// <summary>
    /// Summarizes the open items (<see cref="QueueItemStatus.Waiting"/> and <see cref="QueueItemStatus.Claimed"/>) by
    /// status and team: their number and the oldest one's queueing time, one entry per pair that has items. One
    /// grouped query, for the queue's metrics (its length and the age of the oldest waiting item).
    /// </summary>
    Task<IReadOnlyList<QueueGroupSummary>> SummarizeOpenAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Moves a waiting item to <see cref="QueueItemStatus.Claimed"/> by <paramref name="operatorName"/>. Returns the item
    /// as it is afterwards and whether this call claimed it; when it was not waiting it is returned unchanged (the
    /// caller compares the operator). Returns null when it does not exist.
    /// </summary>
    /// <param name="id">The item's id.</param>
    /// <param name="operatorName">The operator who claims it.</param>
    /// <param name="cancellationToken">Cancels the change.</param>
    /// <param name="audit">
    /// When given, the audit record of the change, written in the same transaction, and only when this call made the
    /// change: the change is never kept without its record, nor the record without the change.
    /// </param>
    Task<QueueChange?> ClaimAsync(string id, string operatorName, CancellationToken cancellationToken, Access.AuditRecord? audit = null);

    /// <summary>
    /// Moves a waiting or claimed item to <paramref name="status"/> (resolved or returned). With
    /// <paramref name="operatorName"/>, a claimed item closes only when that operator holds it, so a close cannot undo
    /// another operator's claim that came first, and a waiting item it closes records that operator. Returns the item as
    /// it is afterwards and whether this call closed it (of two operators, or two identical requests, closing one item
    /// at once only the first did), or null when it does not exist.
    /// </summary>
    /// <param name="id">The item's id.</param>
    /// <param name="status">Resolved or returned.</param>
    /// <param name="operatorName">The operator who closes it, if any.</param>
    /// <param name="cancellationToken">Cancels the change.</param>
    /// <param name="audit">
    /// When given, the audit record of the change, written in the same transaction, and only when this call made the
    /// change: the change is never kept without its record, nor the record without the change.
    /// </param>
    Task<QueueChange?> CloseAsync(string id, string status, string? operatorName, CancellationToken cancellationToken, Access.AuditRecord? audit = null);

    /// <summary>Adds an internal note (never shown to the customer).</summary>
    /// <param name="id">The item's id.</param>
    /// <param name="author">The operator who writes it.</param>
    /// <param name="text">The note.</param>
    /// <param name="cancellationToken">Cancels the change.</param>
    /// <param name="audit">
    /// When given, the audit record of the change, written in the same transaction, and only when this call made the
    /// change: the change is never kept without its record, nor the record without the change.
    /// </param>
    Task<QueueNote> AddNoteAsync(string id, string author, string text, CancellationToken cancellationToken, Access.AuditRecord? audit = null);

    /// <summary>Lists an item's notes, oldest first.</summary>
    Task<IReadOnlyList<QueueNote>> ListNotesAsync(string id, CancellationToken cancellationToken);
}
