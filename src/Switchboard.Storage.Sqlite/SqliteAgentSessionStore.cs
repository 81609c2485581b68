using Microsoft.Data.Sqlite;
using Switchboard.Abstractions.Agents;
using Switchboard.Abstractions.Ids;

namespace Switchboard.Storage.Sqlite;

/// <summary>
/// The SQLite <see cref="IAgentSessionStore"/>. Every record references its conversation and is deleted with it; writing
/// for a conversation that does not exist throws <see cref="KeyNotFoundException"/>.
/// </summary>
public sealed class SqliteAgentSessionStore : IAgentSessionStore
{
    private const string HandoffColumns =
        "id, conversation_id AS conversationId, from_agent AS fromAgent, to_agent AS toAgent, reason, method, confidence, " +
        "prompt_tokens AS promptTokens, completion_tokens AS completionTokens, created_at AS createdAt";

    private const string ToolExecutionColumns =
        "id, conversation_id AS conversationId, message_id AS messageId, call_id AS callId, agent, tool, arguments, result, " +
        "status, duration_ms AS durationMs, cached, created_at AS createdAt";

    private readonly SqliteDatabase _database;
    private readonly TimeProvider _timeProvider;

    /// <summary>Initializes a new instance of the <see cref="SqliteAgentSessionStore"/> class.</summary>
    public SqliteAgentSessionStore(SqliteDatabase database, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _database = database;
        _timeProvider = timeProvider;
    }

    /// <inheritdoc />
    public async Task<AgentSession?> GetAsync(string conversationId, CancellationToken cancellationToken)
    {
        var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var row = await connection.QuerySingleOrDefaultAsync<AgentSessionRow>(new SqlStatement(
                """
                SELECT conversation_id AS conversationId, current_agent AS currentAgent, status, failed_turns AS failedTurns,
                       updated_at AS updatedAt
                FROM agent_sessions WHERE conversation_id = @conversationId
                """,
                new { conversationId },
                cancellationToken: cancellationToken)).ConfigureAwait(false);
            return row?.ToSession();
        }
    }

    /// <inheritdoc />
    public async Task<AgentSession> SaveAsync(
        string conversationId,
        string currentAgent,
        string status,
        int failedTurns,
        CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(conversationId);
        ArgumentException.ThrowIfNullOrEmpty(currentAgent);
        ArgumentException.ThrowIfNullOrEmpty(status);
        ArgumentOutOfRangeException.ThrowIfNegative(failedTurns);
        var row = new AgentSessionRow
        {
            ConversationId = conversationId,
            CurrentAgent = currentAgent,
            Status = status,
            FailedTurns = failedTurns,
            UpdatedAt = _timeProvider.GetUtcNow().ToUnixTimeMilliseconds(),
        };
        await ExecuteAsync(
            conversationId,
            """
            INSERT INTO agent_sessions (conversation_id, current_agent, status, failed_turns, updated_at)
            VALUES (@ConversationId, @CurrentAgent, @Status, @FailedTurns, @UpdatedAt)
            ON CONFLICT (conversation_id) DO UPDATE SET
                current_agent = excluded.current_agent,
                status = excluded.status,
                failed_turns = excluded.failed_turns,
                updated_at = excluded.updated_at
            """,
            row,
            cancellationToken).ConfigureAwait(false);
        return row.ToSession();
    }

    /// <inheritdoc />
    public async Task<HandoffRecord> RecordHandoffAsync(NewHandoff handoff, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(handoff);
        var row = new HandoffRow
        {
            Id = SortableId.New("hof", _timeProvider),
            ConversationId = handoff.ConversationId,
            FromAgent = handoff.FromAgent,
            ToAgent = handoff.ToAgent,
            Reason = handoff.Reason,
            Method = handoff.Method,
            Confidence = handoff.Confidence,
            PromptTokens = handoff.PromptTokens,
            CompletionTokens = handoff.CompletionTokens,
            CreatedAt = _timeProvider.GetUtcNow().ToUnixTimeMilliseconds(),
        };
        await ExecuteAsync(
            handoff.ConversationId,
            """
            INSERT INTO agent_handoffs (id, conversation_id, from_agent, to_agent, reason, method, confidence, prompt_tokens,
                                        completion_tokens, created_at)
            VALUES (@Id, @ConversationId, @FromAgent, @ToAgent, @Reason, @Method, @Confidence, @PromptTokens,
                    @CompletionTokens, @CreatedAt)
            """,
            row,
            cancellationToken).ConfigureAwait(false);
        return row.ToRecord();
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<HandoffRecord>> ListHandoffsAsync(string conversationId, CancellationToken cancellationToken)
    {
        var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            // rowid breaks ties within one millisecond in insertion order; the id's random tail would not.
            var rows = await connection.QueryAsync<HandoffRow>(new SqlStatement(
                $"SELECT {HandoffColumns} FROM agent_handoffs WHERE conversation_id = @conversationId ORDER BY created_at, rowid",
                new { conversationId },
                cancellationToken: cancellationToken)).ConfigureAwait(false);
            return rows.Select(r => r.ToRecord()).ToList();
        }
    }

    /// <inheritdoc />
    public async Task<ToolExecutionRecord> RecordToolExecutionAsync(NewToolExecution execution, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(execution);
        var row = new ToolExecutionRow
        {
            Id = SortableId.New("tex", _timeProvider),
            ConversationId = execution.ConversationId,
            MessageId = execution.MessageId,
            CallId = execution.CallId,
            Agent = execution.Agent,
            Tool = execution.Tool,
            Arguments = execution.Arguments,
            Result = execution.Result,
            Status = execution.Status,
            DurationMs = execution.DurationMs,
            Cached = execution.Cached ? 1 : 0,
            CreatedAt = _timeProvider.GetUtcNow().ToUnixTimeMilliseconds(),
        };
        await ExecuteAsync(
            execution.ConversationId,
            """
            INSERT INTO tool_executions (id, conversation_id, message_id, call_id, agent, tool, arguments, result, status,
                                         duration_ms, cached, created_at)
            VALUES (@Id, @ConversationId, @MessageId, @CallId, @Agent, @Tool, @Arguments, @Result, @Status,
                    @DurationMs, @Cached, @CreatedAt)
            """,
            row,
            cancellationToken).ConfigureAwait(false);
        return row.ToRecord();
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ToolExecutionRecord>> ListToolExecutionsAsync(string conversationId, CancellationToken cancellationToken)
    {
        var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var rows = await connection.QueryAsync<ToolExecutionRow>(new SqlStatement(
                $"SELECT {ToolExecutionColumns} FROM tool_executions WHERE conversation_id = @conversationId ORDER BY created_at, rowid",
                new { conversationId },
                cancellationToken: cancellationToken)).ConfigureAwait(false);
            return rows.Select(r => r.ToRecord()).ToList();
        }
    }

    private async Task ExecuteAsync(string conversationId, string sql, object row, CancellationToken cancellationToken)
    {
        var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            try
            {
                await connection.ExecuteAsync(new SqlStatement(sql, row, cancellationToken: cancellationToken)).ConfigureAwait(false);
            }
            catch (SqliteException exception) when (SqliteConstraints.IsForeignKeyViolation(exception))
            {
                throw new KeyNotFoundException($"Conversation '{conversationId}' does not exist.", exception);
            }
        }
    }
}
