namespace Switchboard.Abstractions.Agents;

/// <summary>The values of <see cref="ToolExecutionRecord.Status"/>.</summary>
public static class ToolExecutionStatus
{
    /// <summary>
    /// The tool ran and returned a result, or an idempotent tool's earlier result was served from the tool result cache
    /// (then the execution is marked <see cref="ToolExecutionRecord.Cached"/>).
    /// </summary>
    public const string Ok = "ok";

    /// <summary>The tool ran and failed; the error went back to the model.</summary>
    public const string Error = "error";

    /// <summary>The arguments did not match the tool's schema; the tool did not run.</summary>
    public const string InvalidArguments = "invalid_arguments";

    /// <summary>The tool did not finish within its timeout.</summary>
    public const string Timeout = "timeout";

    /// <summary>The model called a tool the agent does not have.</summary>
    public const string UnknownTool = "unknown_tool";

    /// <summary>
    /// The run was interrupted (the caller went away) before the call finished or started. Whether a call that had
    /// started took effect is unknown; the model is told so.
    /// </summary>
    public const string Cancelled = "cancelled";
}
