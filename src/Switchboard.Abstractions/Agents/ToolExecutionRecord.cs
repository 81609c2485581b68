namespace Switchboard.Abstractions.Agents;

/// <summary>A recorded tool execution.</summary>
/// <param name="Id">The execution id (<c>tex_…</c>).</param>
/// <param name="ConversationId">The conversation.</param>
/// <param name="MessageId">The assistant message that requested the call.</param>
/// <param name="CallId">The call id the model assigned.</param>
/// <param name="Agent">The agent whose model called the tool.</param>
/// <param name="Tool">The tool name.</param>
/// <param name="Arguments">The arguments as JSON text, as the model sent them.</param>
/// <param name="Result">The result as JSON text, as returned to the model.</param>
/// <param name="Status">See <see cref="ToolExecutionStatus"/>.</param>
/// <param name="DurationMs">Wall time of the execution in milliseconds.</param>
/// <param name="CreatedAt">When it was recorded.</param>
public sealed record ToolExecutionRecord(
    string Id,
    string ConversationId,
    string? MessageId,
    string CallId,
    string Agent,
    string Tool,
    string Arguments,
    string Result,
    string Status,
    long DurationMs,
    DateTimeOffset CreatedAt)
{
    /// <summary>
    /// Gets a value indicating whether the result came from the tool result cache (<see cref="IToolResultCache"/>)
    /// instead of a run of the tool; <see cref="Status"/> is then <see cref="ToolExecutionStatus.Ok"/>.
    /// </summary>
    /// <value>The default is <see langword="false"/>.</value>
    public bool Cached { get; init; }
}
