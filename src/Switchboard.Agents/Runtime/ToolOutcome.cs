namespace Switchboard.Agents.Runtime;

/// <summary>The result of one tool call, as it goes back to the model.</summary>
/// <param name="CallId">The call id.</param>
/// <param name="Tool">The tool name.</param>
/// <param name="Status">ok, error, invalid_arguments, timeout or unknown_tool.</param>
/// <param name="Result">The result as JSON text.</param>
/// <param name="DurationMs">Wall time in milliseconds.</param>
/// <param name="Arguments">The arguments after validation (defaults filled), when they passed.</param>
public sealed record ToolOutcome(string CallId, string Tool, string Status, string Result, long DurationMs, System.Text.Json.JsonElement? Arguments)
{
    /// <summary>Gets a value indicating whether <see cref="Result"/> came from the tool result cache; the tool did not run.</summary>
    /// <value>The default is <see langword="false"/>.</value>
    public bool Cached { get; init; }
}
