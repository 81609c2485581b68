namespace Switchboard.Agents.Runtime;

/// <summary>The conversation was handed to a person: it is in the handoff queue and the bot is silent.</summary>
/// <param name="QueueItemId">The queue item.</param>
/// <param name="Agent">The agent that escalated.</param>
/// <param name="Reason">Why.</param>
/// <param name="Priority">The item's priority.</param>
/// <param name="Team">The team whose queue has it.</param>
public sealed record EscalationEvent(string QueueItemId, string Agent, string Reason, string Priority, string Team) : AgentEvent
{
    /// <inheritdoc />
    public override string Type => "escalation";
}
