namespace Switchboard.Agents.Runtime;

/// <summary>The conversation moved to another agent.</summary>
/// <param name="From">The agent that had it; null at the start.</param>
/// <param name="To">The agent that has it now.</param>
/// <param name="Reason">Why.</param>
/// <param name="Method">classifier, llm or tool.</param>
/// <param name="Confidence">The classifier's confidence, when it decided.</param>
public sealed record HandoffEvent(string? From, string To, string Reason, string Method, double? Confidence) : AgentEvent
{
    /// <inheritdoc />
    public override string Type => "handoff";
}
