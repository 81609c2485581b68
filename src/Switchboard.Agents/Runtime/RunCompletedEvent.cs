namespace Switchboard.Agents.Runtime;

/// <summary>The last event of a run: who has the conversation now and in what state.</summary>
/// <param name="Agent">The current agent.</param>
/// <param name="Status">active, escalated, human or resolved.</param>
/// <param name="Reply">The final reply text shown to the customer, if there was one.</param>
public sealed record RunCompletedEvent(string Agent, string Status, string? Reply) : AgentEvent
{
    /// <inheritdoc />
    public override string Type => "done";
}
