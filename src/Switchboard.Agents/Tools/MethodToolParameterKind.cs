namespace Switchboard.Agents.Tools;

/// <summary>Where a <see cref="MethodTool"/> parameter's value comes from.</summary>
internal enum MethodToolParameterKind
{
    /// <summary>A property of the model's JSON arguments.</summary>
    Argument,

    /// <summary>The cancellation token of the call.</summary>
    CancellationToken,

    /// <summary>The <see cref="ToolInvocation"/> itself.</summary>
    Invocation,
}
