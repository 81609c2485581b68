using System.Text;
using Microsoft.Data.Sqlite;
using Switchboard.Abstractions.Access;
using Switchboard.Abstractions.Agents;
using Switchboard.Abstractions.Conversations;
using Switchboard.Abstractions.Ids;

namespace Switchboard.Storage.Sqlite;

/// <summary>
/// The SQLite <see cref="IHandoffQueueStore"/>. State changes are single conditional <c>UPDATE</c>s, so two operators
/// claiming one item at once cannot both win; listings are most urgent first, then oldest first (FIFO within one
/// millisecond), a page at a time.
/// </summary>
public sealed class SqliteHandoffQueueStore : IHandoffQueueStore
{
    private const string ItemColumns =
        "id, conversation_id AS conversationId, agent, reason, priority, team, summary, status, operator, " +
        "created_at AS createdAt, claimed_at AS claimedAt, closed_at AS closedAt";

    private const string OpenStatuses = $"('{QueueItemStatus.Waiting}', '{QueueItemStatus.Claimed}')";

    /// <summary>A priority's rank in SQL, as <see cref="QueuePriority.Rank"/> gives it.</summary>
    private const string Rank =
        $"(CASE priority WHEN '{QueuePriority.Urgent}' THEN 3 WHEN '{QueuePriority.High}' THEN 2 WHEN '{QueuePriority.Normal}' THEN 1 ELSE 0 END)";

    private readonly SqliteDatabase _database;
    private readonly TimeProvider _timeProvider;

    /// <summary>Initializes a new instance of the <see cref="SqliteHandoffQueueStore"/> class.</summary>
    public SqliteHandoffQueueStore(SqliteDatabase database, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _database = database;
        _timeProvider = timeProvider;
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The priority is not one of <see cref="QueuePriority.All"/>.</exception>
    /// <exception cref="KeyNotFoundException">The conversation does not exist.</exception>
    public async Task<QueueItem> EnqueueAsync(NewQueueItem item, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(item);
        if (!QueuePriority.All.Contains(item.Priority))
        {
            throw new ArgumentException($"'{item.Priority}' is not a queue priority ({string.Join(", ", QueuePriority.All)}).", nameof(item));
        }

        var row = new QueueItemRow
        {
            Id = SortableId.New("hq", _timeProvider),
            ConversationId = item.ConversationId,
            Agent = item.Agent,
            Reason = item.Reason,
            Priority = item.Priority,
            Team = item.Team,
            Summary = item.Summary,
            Status = QueueItemStatus.Waiting,
            CreatedAt = _timeProvider.GetUtcNow().ToUnixTimeMilliseconds(),
        };
        var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            try
            {
                await connection.ExecuteAsync(new SqlStatement(
                    """
                    INSERT INTO handoff_queue (id, conversation_id, agent, reason, priority, team, summary, status, created_at)
                    VALUES (@Id, @ConversationId, @Agent, @Reason, @Priority, @Team, @Summary, @Status, @CreatedAt)
                    """,
                    row,
                    cancellationToken: cancellationToken)).ConfigureAwait(false);
            }
            catch (SqliteException exception) when (SqliteConstraints.IsForeignKeyViolation(exception))
            {
                throw new KeyNotFoundException($"Conversation '{item.ConversationId}' does not exist.", exception);
            }
        }

        return row.ToItem();
    }

    /// <inheritdoc />
    public async Task<QueueItem?> GetAsync(string id, CancellationToken cancellationToken)
    {
        var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            return await ReadAsync(connection, id, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    /// <remarks>Should a conversation have several open items, the newest is returned.</remarks>
    public async Task<QueueItem?> GetOpenAsync(string conversationId, CancellationToken cancellationToken)
    {
        var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var row = await connection.QueryFirstOrDefaultAsync<QueueItemRow>(new SqlStatement(
                $"""
                SELECT {ItemColumns} FROM handoff_queue
                WHERE conversation_id = @conversationId AND status IN {OpenStatuses}
                ORDER BY created_at DESC, rowid DESC
                LIMIT 1
                """,
                new { conversationId },
                cancellationToken: cancellationToken)).ConfigureAwait(false);
            return row?.ToItem();
        }
    }

    /// <inheritdoc />
    public async Task<Page<QueueItem>> ListAsync(QueueFilter filter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentOutOfRangeException.ThrowIfLessThan(filter.Limit, 1);
        var after = filter.Cursor is null ? default : QueueCursor.Parse(filter.Cursor);

        // Only fixed fragments are concatenated; the values are parameters.
        var sql = new StringBuilder($"SELECT {ItemColumns}, rowid AS rowId FROM handoff_queue WHERE ");
        sql.Append(filter.Status is null ? $"status IN {OpenStatuses}" : "status = @Status");
        if (filter.Team is not null)
        {
            sql.Append(" AND team = @Team");
        }

        if (filter.Priority is not null)
        {
            sql.Append(" AND priority = @Priority");
        }

        if (filter.TenantId is not null)
        {
            sql.Append(" AND conversation_id IN (SELECT id FROM conversations WHERE tenant_id = @TenantId)");
        }

        // Most urgent first, then oldest first; rowid breaks ties within one millisecond in queueing order (the id's
        // random tail would not). The cursor is the last item's place in that order.
        if (filter.Cursor is not null)
        {
            sql.Append($" AND ({Rank} < @Rank OR ({Rank} = @Rank AND (created_at > @CreatedAt OR (created_at = @CreatedAt AND rowid > @RowId))))");
        }

        sql.Append($" ORDER BY {Rank} DESC, created_at, rowid LIMIT @Take");
        var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var rows = await connection.QueryAsync<QueueItemRow>(new SqlStatement(
                sql.ToString(),
                new { filter.Status, filter.Team, filter.Priority, filter.TenantId, after.Rank, after.CreatedAt, after.RowId, Take = filter.Limit + 1 },
                cancellationToken: cancellationToken)).ConfigureAwait(false);
            var page = rows.Take(filter.Limit).ToList();
            var next = rows.Count > filter.Limit && page[^1] is var last
                ? new QueueCursor(QueuePriority.Rank(last.Priority), last.CreatedAt, last.RowId).ToString()
                : null;
            return new Page<QueueItem>([.. page.Select(r => r.ToItem())], next);
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<QueueGroupSummary>> SummarizeOpenAsync(CancellationToken cancellationToken)
    {
        var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            // Reads only the open rows through the (status, created_at) index; closed items are never scanned.
            var rows = await connection.QueryAsync<(string Status, string Team, long Count, long OldestCreatedAt)>(new SqlStatement(
                $"SELECT status, team, COUNT(*), MIN(created_at) FROM handoff_queue WHERE status IN {OpenStatuses} GROUP BY status, team",
                cancellationToken: cancellationToken)).ConfigureAwait(false);
            return rows.Select(r => new QueueGroupSummary(r.Status, r.Team, r.Count, DateTimeOffset.FromUnixTimeMilliseconds(r.OldestCreatedAt))).ToList();
        }
    }

    /// <inheritdoc />
    public async Task<QueueChange?> ClaimAsync(string id, string operatorName, CancellationToken cancellationToken, AuditRecord? audit = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(operatorName);
        var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var transaction = connection.BeginTransaction(deferred: false);

            // The status condition makes the claim atomic: of two concurrent claims only one changes the row.
            var changed = await connection.ExecuteAsync(new SqlStatement(
                $"""
                UPDATE handoff_queue SET status = '{QueueItemStatus.Claimed}', operator = @operatorName, claimed_at = @now
                WHERE id = @id AND status = '{QueueItemStatus.Waiting}'
                """,
                new { id, operatorName, now = _timeProvider.GetUtcNow().ToUnixTimeMilliseconds() },
                transaction,
                cancellationToken: cancellationToken)).ConfigureAwait(false) > 0;
            return await FinishChangeAsync(connection, transaction, id, changed, audit, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentException"><paramref name="status"/> is neither resolved nor returned.</exception>
    public async Task<QueueChange?> CloseAsync(string id, string status, string? operatorName, CancellationToken cancellationToken, AuditRecord? audit = null)
    {
        if (status is not (QueueItemStatus.Resolved or QueueItemStatus.Returned))
        {
            throw new ArgumentException(
                $"An item closes as '{QueueItemStatus.Resolved}' or '{QueueItemStatus.Returned}', not '{status}'.", nameof(status));
        }

        var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var transaction = connection.BeginTransaction(deferred: false);

            // The condition makes the close atomic against a claim: a claimed item closes only for its operator.
            var holder = operatorName is null ? string.Empty : $" AND (status = '{QueueItemStatus.Waiting}' OR operator = @operatorName)";
            var changed = await connection.ExecuteAsync(new SqlStatement(
                $"UPDATE handoff_queue SET status = @status, closed_at = @now, operator = COALESCE(operator, @operatorName) WHERE id = @id AND status IN {OpenStatuses}{holder}",
                new { id, status, operatorName, now = _timeProvider.GetUtcNow().ToUnixTimeMilliseconds() },
                transaction,
                cancellationToken: cancellationToken)).ConfigureAwait(false) > 0;
            return await FinishChangeAsync(connection, transaction, id, changed, audit, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    /// <exception cref="KeyNotFoundException">The item does not exist.</exception>
    public async Task<QueueNote> AddNoteAsync(string id, string author, string text, CancellationToken cancellationToken, AuditRecord? audit = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(author);
        ArgumentNullException.ThrowIfNull(text);
        var row = new QueueNoteRow
        {
            Id = SortableId.New("note", _timeProvider),
            QueueItemId = id,
            Author = author,
            Text = text,
            CreatedAt = _timeProvider.GetUtcNow().ToUnixTimeMilliseconds(),
        };
        var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var transaction = connection.BeginTransaction(deferred: false);
            try
            {
                await connection.ExecuteAsync(new SqlStatement(
                    """
                    INSERT INTO handoff_notes (id, queue_item_id, author, text, created_at)
                    VALUES (@Id, @QueueItemId, @Author, @Text, @CreatedAt)
                    """,
                    row,
                    transaction,
                    cancellationToken: cancellationToken)).ConfigureAwait(false);
            }
            catch (SqliteException exception) when (SqliteConstraints.IsForeignKeyViolation(exception))
            {
                throw new KeyNotFoundException($"Queue item '{id}' does not exist.", exception);
            }

            if (audit is not null)
            {
                await SqliteAuditLog.InsertAsync(connection, audit, transaction, cancellationToken).ConfigureAwait(false);
            }

            transaction.Commit();
        }

        return row.ToNote();
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<QueueNote>> ListNotesAsync(string id, CancellationToken cancellationToken)
    {
        var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var rows = await connection.QueryAsync<QueueNoteRow>(new SqlStatement(
                """
                SELECT id, queue_item_id AS queueItemId, author, text, created_at AS createdAt
                FROM handoff_notes WHERE queue_item_id = @id
                ORDER BY created_at, rowid
                """,
                new { id },
                cancellationToken: cancellationToken)).ConfigureAwait(false);
            return rows.Select(r => r.ToNote()).ToList();
        }
    }

    private static async Task<QueueItem?> ReadAsync(SqliteConnection connection, string id, CancellationToken cancellationToken, SqliteTransaction? transaction = null)
    {
        var row = await connection.QuerySingleOrDefaultAsync<QueueItemRow>(new SqlStatement(
            $"SELECT {ItemColumns} FROM handoff_queue WHERE id = @id",
            new { id },
            transaction,
            cancellationToken)).ConfigureAwait(false);
        return row?.ToItem();
    }

    /// <summary>
    /// Ends a claim or a close: appends the audit record when this call changed the item, reads the item as it is now,
    /// and commits.
    /// </summary>
    private static async Task<QueueChange?> FinishChangeAsync(
        SqliteConnection connection, SqliteTransaction transaction, string id, bool changed, AuditRecord? audit, CancellationToken cancellationToken)
    {
        if (changed && audit is not null)
        {
            await SqliteAuditLog.InsertAsync(connection, audit, transaction, cancellationToken).ConfigureAwait(false);
        }

        var item = await ReadAsync(connection, id, cancellationToken, transaction).ConfigureAwait(false);
        transaction.Commit();
        return item is null ? null : new QueueChange(item, changed);
    }
}
