namespace Switchboard.Agents.Runtime;

/// <summary>The run stopped before a final answer; what was stored so far stays stored.</summary>
/// <param name="Code">max_turns_exceeded, tool_errors, or the upstream error's code.</param>
/// <param name="Message">What happened, for people.</param>
public sealed record RunErrorEvent(string Code, string Message) : AgentEvent
{
    /// <inheritdoc />
    public override string Type => "error";
}
