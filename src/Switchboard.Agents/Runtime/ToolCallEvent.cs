namespace Switchboard.Agents.Runtime;

/// <summary>An agent's model called a tool; the execution follows.</summary>
/// <param name="Agent">The agent.</param>
/// <param name="CallId">The call id.</param>
/// <param name="Tool">The tool name.</param>
/// <param name="Arguments">The arguments as JSON text, as the model sent them.</param>
public sealed record ToolCallEvent(string Agent, string CallId, string Tool, string Arguments) : AgentEvent
{
    /// <inheritdoc />
    public override string Type => "tool.call";
}
