using Microsoft.Extensions.AI;

namespace Switchboard.Providers.Builtin.Tools;

/// <summary>What the built-in tool policy decided: a reply text or a tool call.</summary>
/// <param name="Text">The reply, when it answers or asks for a missing value.</param>
/// <param name="Call">The tool call, when it calls one.</param>
/// <param name="Mode">tool_call, ask or tool_result.</param>
/// <param name="Confidence">The classifier's confidence in the tool.</param>
/// <param name="Tool">The tool concerned.</param>
internal sealed record BuiltinToolResult(string? Text, FunctionCallContent? Call, string Mode, double Confidence, string? Tool);
