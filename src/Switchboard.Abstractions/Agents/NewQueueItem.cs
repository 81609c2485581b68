namespace Switchboard.Abstractions.Agents;

/// <summary>A conversation to put in the handoff queue.</summary>
/// <param name="ConversationId">The conversation.</param>
/// <param name="Agent">The agent that escalated.</param>
/// <param name="Reason">Why, in words.</param>
/// <param name="Priority">See <see cref="QueuePriority"/>.</param>
/// <param name="Team">The team that should take it.</param>
/// <param name="Summary">A summary of the conversation for the operator.</param>
public sealed record NewQueueItem(string ConversationId, string Agent, string Reason, string Priority, string Team, string Summary);
