using System.Globalization;
using System.Text.Json;
using Switchboard.Abstractions.Access;
using Switchboard.Abstractions.Conversations;
using Switchboard.Abstractions.Health;
using Switchboard.Abstractions.Ids;

namespace Switchboard.Storage.Sqlite;

/// <summary>The SQLite <see cref="IConversationStore"/>. Pages are keyset-paginated on time-sortable ids.</summary>
public sealed class SqliteConversationStore : IConversationStore, IReadinessCheck
{
    private const string ConversationColumns =
        "id, title, model, agent, metadata, created_at AS createdAt, updated_at AS updatedAt, message_count AS messageCount, tenant_id AS tenantId, owner_id AS ownerId";

    private const string MessageColumns =
        "id, conversation_id AS conversationId, seq, role, content, tool_calls AS toolCalls, tool_call_id AS toolCallId, " +
        "model, provider, prompt_tokens AS promptTokens, completion_tokens AS completionTokens, latency_ms AS latencyMs, " +
        "finish_reason AS finishReason, created_at AS createdAt, author";

    private readonly SqliteDatabase _database;
    private readonly TimeProvider _timeProvider;

    /// <summary>Initializes a new instance of the <see cref="SqliteConversationStore"/> class.</summary>
    public SqliteConversationStore(SqliteDatabase database, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _database = database;
        _timeProvider = timeProvider;
    }

    /// <inheritdoc />
    public string Name => "sqlite";

    /// <inheritdoc />
    public async Task<Conversation> CreateAsync(NewConversation conversation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        var now = _timeProvider.GetUtcNow();
        var id = SortableId.New("conv", _timeProvider);
        var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            await connection.ExecuteAsync(new SqlStatement(
                """
                INSERT INTO conversations (id, title, model, agent, metadata, created_at, updated_at, message_count, tenant_id, owner_id)
                VALUES (@id, @title, @model, @agent, @metadata, @now, @now, 0, @tenantId, @ownerId)
                """,
                new
                {
                    id,
                    title = conversation.Title,
                    model = conversation.Model,
                    agent = conversation.Agent,
                    metadata = JsonSerializer.Serialize(conversation.Metadata, StorageJsonContext.Default.IReadOnlyDictionaryStringString),
                    now = now.ToUnixTimeMilliseconds(),
                    tenantId = conversation.TenantId,
                    ownerId = conversation.OwnerId,
                },
                cancellationToken: cancellationToken)).ConfigureAwait(false);
        }

        var stored = DateTimeOffset.FromUnixTimeMilliseconds(now.ToUnixTimeMilliseconds());
        return new Conversation(id, conversation.Title, conversation.Model, conversation.Agent, conversation.Metadata, stored, stored, 0)
        {
            TenantId = conversation.TenantId,
            OwnerId = conversation.OwnerId,
        };
    }

    /// <inheritdoc />
    public async Task<Conversation?> GetAsync(string id, CancellationToken cancellationToken)
    {
        var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var row = await connection.QuerySingleOrDefaultAsync<ConversationRow>(new SqlStatement(
                $"SELECT {ConversationColumns} FROM conversations WHERE id = @id",
                new { id },
                cancellationToken: cancellationToken)).ConfigureAwait(false);
            return row?.ToConversation();
        }
    }

    /// <inheritdoc />
    public Task<Page<Conversation>> ListAsync(int limit, string? cursor, CancellationToken cancellationToken) =>
        ListAsync(null, limit, cursor, cancellationToken);

    /// <inheritdoc />
    public async Task<Page<Conversation>> ListAsync(ConversationScope? scope, int limit, string? cursor, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var rows = (await connection.QueryAsync<ConversationRow>(new SqlStatement(
                $"""
                SELECT {ConversationColumns} FROM conversations
                WHERE (@cursor IS NULL OR id < @cursor)
                  AND (@tenantId IS NULL OR tenant_id = @tenantId)
                  AND (@ownerId IS NULL OR owner_id = @ownerId)
                ORDER BY id DESC
                LIMIT @take
                """,
                new { cursor, take = limit + 1, tenantId = scope?.TenantId, ownerId = scope?.OwnerId },
                cancellationToken: cancellationToken)).ConfigureAwait(false)).ToList();
            var hasMore = rows.Count > limit;
            var items = rows.Take(limit).Select(r => r.ToConversation()).ToList();
            return new Page<Conversation>(items, hasMore ? items[^1].Id : null);
        }
    }

    /// <inheritdoc />
    /// <remarks>Messages go with it (ON DELETE CASCADE; foreign keys are on for every connection).</remarks>
    public Task<bool> DeleteAsync(string id, CancellationToken cancellationToken, AuditRecord? audit = null) =>
        SqliteAuditLog.ChangeAsync(_database, "DELETE FROM conversations WHERE id = @id", new { id }, audit, cancellationToken);

    /// <inheritdoc />
    public async Task<IReadOnlyList<ConversationMessage>> AppendAsync(
        string conversationId,
        IReadOnlyList<NewMessage> messages,
        CancellationToken cancellationToken,
        Func<IReadOnlyList<ConversationMessage>, AuditRecord>? audit = null)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            // BEGIN IMMEDIATE: the sequence numbers are read and written under the write lock.
            using var transaction = connection.BeginTransaction(deferred: false);
            var count = await connection.ExecuteScalarAsync<long?>(new SqlStatement(
                "SELECT message_count FROM conversations WHERE id = @conversationId",
                new { conversationId },
                transaction,
                cancellationToken: cancellationToken)).ConfigureAwait(false)
                ?? throw new KeyNotFoundException($"Conversation '{conversationId}' does not exist.");

            var now = _timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
            var stored = new List<ConversationMessage>(messages.Count);
            foreach (var message in messages)
            {
                var row = new MessageRow
                {
                    Id = SortableId.New("msg", _timeProvider),
                    ConversationId = conversationId,
                    Seq = ++count,
                    Role = message.Role,
                    Content = message.Content,
                    ToolCalls = message.ToolCalls.Count == 0
                        ? null
                        : JsonSerializer.Serialize(message.ToolCalls, StorageJsonContext.Default.IReadOnlyListToolCallRecord),
                    ToolCallId = message.ToolCallId,
                    Model = message.Model,
                    Provider = message.Provider,
                    PromptTokens = message.PromptTokens,
                    CompletionTokens = message.CompletionTokens,
                    LatencyMs = message.LatencyMs,
                    FinishReason = message.FinishReason,
                    CreatedAt = now,
                    Author = message.Author,
                };
                await connection.ExecuteAsync(new SqlStatement(
                    """
                    INSERT INTO messages (id, conversation_id, seq, role, content, tool_calls, tool_call_id, model, provider,
                                          prompt_tokens, completion_tokens, latency_ms, finish_reason, created_at, author)
                    VALUES (@Id, @ConversationId, @Seq, @Role, @Content, @ToolCalls, @ToolCallId, @Model, @Provider,
                            @PromptTokens, @CompletionTokens, @LatencyMs, @FinishReason, @CreatedAt, @Author)
                    """,
                    row,
                    transaction,
                    cancellationToken: cancellationToken)).ConfigureAwait(false);
                stored.Add(row.ToMessage());
            }

            await connection.ExecuteAsync(new SqlStatement(
                "UPDATE conversations SET message_count = @count, updated_at = @now WHERE id = @conversationId",
                new { count, now, conversationId },
                transaction,
                cancellationToken: cancellationToken)).ConfigureAwait(false);
            if (audit is not null)
            {
                await SqliteAuditLog.InsertAsync(connection, audit(stored), transaction, cancellationToken).ConfigureAwait(false);
            }

            transaction.Commit();
            return stored;
        }
    }

    /// <inheritdoc />
    public async Task<Page<ConversationMessage>> ListMessagesAsync(
        string conversationId,
        int limit,
        string? cursor,
        CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        var after = 0L;
        if (cursor is not null && !long.TryParse(cursor, NumberStyles.None, CultureInfo.InvariantCulture, out after))
        {
            throw new ArgumentException($"'{cursor}' is not a message cursor.", nameof(cursor));
        }

        var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var rows = (await connection.QueryAsync<MessageRow>(new SqlStatement(
                $"""
                SELECT {MessageColumns} FROM messages
                WHERE conversation_id = @conversationId AND seq > @after
                ORDER BY seq
                LIMIT @take
                """,
                new { conversationId, after, take = limit + 1 },
                cancellationToken: cancellationToken)).ConfigureAwait(false)).ToList();
            var hasMore = rows.Count > limit;
            var items = rows.Take(limit).Select(r => r.ToMessage()).ToList();
            return new Page<ConversationMessage>(
                items,
                hasMore ? items[^1].Sequence.ToString(CultureInfo.InvariantCulture) : null);
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ConversationMessage>> GetHistoryAsync(
        string conversationId,
        int maxMessages,
        CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxMessages, 1);
        var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var rows = await connection.QueryAsync<MessageRow>(new SqlStatement(
                $"""
                SELECT * FROM (
                    SELECT {MessageColumns} FROM messages
                    WHERE conversation_id = @conversationId
                    ORDER BY seq DESC
                    LIMIT @maxMessages)
                ORDER BY seq
                """,
                new { conversationId, maxMessages },
                cancellationToken: cancellationToken)).ConfigureAwait(false);
            return rows.Select(r => r.ToMessage()).ToList();
        }
    }

    /// <inheritdoc />
    public async Task<string?> CheckAsync(CancellationToken cancellationToken)
    {
        try
        {
            var connection = await _database.OpenProbeAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                await connection.ExecuteScalarAsync<long>(new SqlStatement(
                    "SELECT COUNT(*) FROM schema_migrations", cancellationToken: cancellationToken)).ConfigureAwait(false);
                return null;
            }
        }
        catch (Exception exception) when (exception is Microsoft.Data.Sqlite.SqliteException or IOException or InvalidOperationException)
        {
            return exception.Message;
        }
    }
}
