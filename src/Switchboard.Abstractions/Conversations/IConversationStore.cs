namespace Switchboard.Abstractions.Conversations;

/// <summary>Stores conversations and their messages.</summary>
public interface IConversationStore
{
    /// <summary>Creates a conversation.</summary>
    Task<Conversation> CreateAsync(NewConversation conversation, CancellationToken cancellationToken);

    /// <summary>Gets a conversation, or null when it does not exist.</summary>
    Task<Conversation?> GetAsync(string id, CancellationToken cancellationToken);

    /// <summary>Lists conversations newest first.</summary>
    /// <param name="limit">The page size.</param>
    /// <param name="cursor">The <see cref="Page{T}.NextCursor"/> of the previous page, or null for the first.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    Task<Page<Conversation>> ListAsync(int limit, string? cursor, CancellationToken cancellationToken) =>
        ListAsync(null, limit, cursor, cancellationToken);

    /// <summary>Lists the conversations inside <paramref name="scope"/> (all when null), newest first.</summary>
    /// <param name="scope">The tenant and owner to show; null for every conversation.</param>
    /// <param name="limit">The page size.</param>
    /// <param name="cursor">The <see cref="Page{T}.NextCursor"/> of the previous page, or null for the first.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    Task<Page<Conversation>> ListAsync(ConversationScope? scope, int limit, string? cursor, CancellationToken cancellationToken);

    /// <summary>Deletes a conversation and its messages; returns false when it did not exist (and writes no record).</summary>
    /// <param name="id">The conversation's id.</param>
    /// <param name="cancellationToken">Cancels the change.</param>
    /// <param name="audit">
    /// When given, the audit record of the change, written in the same transaction: the change is never kept without
    /// its record, nor the record without the change.
    /// </param>
    Task<bool> DeleteAsync(string id, CancellationToken cancellationToken, Access.AuditRecord? audit = null);

    /// <summary>Appends messages in order, atomically; returns them as stored.</summary>
    /// <param name="conversationId">The conversation's id.</param>
    /// <param name="messages">The messages.</param>
    /// <param name="cancellationToken">Cancels the change.</param>
    /// <param name="audit">
    /// When given, makes the audit record of the messages as stored; the record is written in the same transaction: the
    /// messages are never kept without their record, nor the record without the messages.
    /// </param>
    /// <exception cref="KeyNotFoundException">The conversation does not exist.</exception>
    Task<IReadOnlyList<ConversationMessage>> AppendAsync(
        string conversationId,
        IReadOnlyList<NewMessage> messages,
        CancellationToken cancellationToken,
        Func<IReadOnlyList<ConversationMessage>, Access.AuditRecord>? audit = null);

    /// <summary>Lists messages oldest first.</summary>
    /// <param name="conversationId">The conversation.</param>
    /// <param name="limit">The page size.</param>
    /// <param name="cursor">The <see cref="Page{T}.NextCursor"/> of the previous page, or null for the first.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    Task<Page<ConversationMessage>> ListMessagesAsync(
        string conversationId,
        int limit,
        string? cursor,
        CancellationToken cancellationToken);

    /// <summary>Returns the last <paramref name="maxMessages"/> messages, oldest first, for building a prompt.</summary>
    Task<IReadOnlyList<ConversationMessage>> GetHistoryAsync(
        string conversationId,
        int maxMessages,
        CancellationToken cancellationToken);
}
