namespace Switchboard.Abstractions.Agents;

/// <summary>Stores the agent runtime's per-conversation records: state, handoffs and tool executions.</summary>
public interface IAgentSessionStore
{
    /// <summary>Gets the state of a conversation, or null when no agent has run in it yet.</summary>
    Task<AgentSession?> GetAsync(string conversationId, CancellationToken cancellationToken);

    /// <summary>Creates or replaces the state of a conversation.</summary>
    Task<AgentSession> SaveAsync(string conversationId, string currentAgent, string status, int failedTurns, CancellationToken cancellationToken);

    /// <summary>Records a handoff between agents (or to a person).</summary>
    Task<HandoffRecord> RecordHandoffAsync(NewHandoff handoff, CancellationToken cancellationToken);

    /// <summary>Lists a conversation's handoffs, oldest first.</summary>
    Task<IReadOnlyList<HandoffRecord>> ListHandoffsAsync(string conversationId, CancellationToken cancellationToken);

    /// <summary>Records one tool execution.</summary>
    Task<ToolExecutionRecord> RecordToolExecutionAsync(NewToolExecution execution, CancellationToken cancellationToken);

    /// <summary>Lists a conversation's tool executions, oldest first.</summary>
    Task<IReadOnlyList<ToolExecutionRecord>> ListToolExecutionsAsync(string conversationId, CancellationToken cancellationToken);
}
