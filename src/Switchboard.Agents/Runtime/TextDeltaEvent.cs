namespace Switchboard.Agents.Runtime;

/// <summary>A piece of an agent's reply text, as the model produces it.</summary>
/// <param name="Agent">The agent speaking.</param>
/// <param name="Text">The piece.</param>
public sealed record TextDeltaEvent(string Agent, string Text) : AgentEvent
{
    /// <inheritdoc />
    public override string Type => "text.delta";
}
