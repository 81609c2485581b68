namespace Switchboard.Agents.Runtime;

/// <summary>A tool execution finished (or was refused); its result went back to the model.</summary>
/// <param name="Agent">The agent.</param>
/// <param name="CallId">The call id.</param>
/// <param name="Tool">The tool name.</param>
/// <param name="Status">ok, error, invalid_arguments, timeout or unknown_tool.</param>
/// <param name="Result">The result as JSON text.</param>
/// <param name="DurationMs">Wall time in milliseconds.</param>
public sealed record ToolResultEvent(string Agent, string CallId, string Tool, string Status, string Result, long DurationMs) : AgentEvent
{
    /// <inheritdoc />
    public override string Type => "tool.result";

    /// <summary>
    /// Gets a value indicating whether <see cref="Result"/> came from the tool result cache (an idempotent tool called
    /// with the same arguments within the time to live); the tool did not run, and <see cref="Status"/> is ok.
    /// </summary>
    /// <value>The default is <see langword="false"/>.</value>
    public bool Cached { get; init; }
}
