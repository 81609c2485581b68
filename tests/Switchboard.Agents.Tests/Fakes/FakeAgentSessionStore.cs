using Switchboard.Abstractions.Agents;

namespace Switchboard.Agents.Tests.Fakes;

/// <summary>An in-memory <see cref="IAgentSessionStore"/> that keeps every handoff and tool execution for assertions.</summary>
public sealed class FakeAgentSessionStore : IAgentSessionStore
{
    private readonly object _lock = new();
    private readonly Dictionary<string, AgentSession> _sessions = new(StringComparer.Ordinal);
    private readonly List<HandoffRecord> _handoffs = [];
    private readonly List<ToolExecutionRecord> _executions = [];
    private readonly TimeProvider _timeProvider;
    private int _nextId;

    public FakeAgentSessionStore(TimeProvider? timeProvider = null) => _timeProvider = timeProvider ?? TimeProvider.System;

    public Task<AgentSession?> GetAsync(string conversationId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(_sessions.GetValueOrDefault(conversationId));
        }
    }

    public Task<AgentSession> SaveAsync(string conversationId, string currentAgent, string status, int failedTurns, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var session = new AgentSession(conversationId, currentAgent, status, failedTurns, _timeProvider.GetUtcNow());
            _sessions[conversationId] = session;
            return Task.FromResult(session);
        }
    }

    public Task<HandoffRecord> RecordHandoffAsync(NewHandoff handoff, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(handoff);
        lock (_lock)
        {
            var record = new HandoffRecord(
                $"hof_{++_nextId}", handoff.ConversationId, handoff.FromAgent, handoff.ToAgent, handoff.Reason, handoff.Method,
                handoff.Confidence, handoff.PromptTokens, handoff.CompletionTokens, _timeProvider.GetUtcNow());
            _handoffs.Add(record);
            return Task.FromResult(record);
        }
    }

    public Task<IReadOnlyList<HandoffRecord>> ListHandoffsAsync(string conversationId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<HandoffRecord>>([.. _handoffs.Where(h => h.ConversationId == conversationId)]);
        }
    }

    public Task<ToolExecutionRecord> RecordToolExecutionAsync(NewToolExecution execution, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(execution);
        lock (_lock)
        {
            var record = new ToolExecutionRecord(
                $"tex_{++_nextId}", execution.ConversationId, execution.MessageId, execution.CallId, execution.Agent, execution.Tool,
                execution.Arguments, execution.Result, execution.Status, execution.DurationMs, _timeProvider.GetUtcNow())
            {
                Cached = execution.Cached,
            };
            _executions.Add(record);
            return Task.FromResult(record);
        }
    }

    public Task<IReadOnlyList<ToolExecutionRecord>> ListToolExecutionsAsync(string conversationId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<ToolExecutionRecord>>([.. _executions.Where(e => e.ConversationId == conversationId)]);
        }
    }
}
