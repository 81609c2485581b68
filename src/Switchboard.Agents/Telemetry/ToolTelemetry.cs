using System.Diagnostics;
using Microsoft.Extensions.AI;
using Switchboard.Abstractions.Agents;
using Switchboard.Abstractions.Telemetry;

namespace Switchboard.Agents.Telemetry;

/// <summary>
/// The telemetry of one tool call: its <c>execute_tool {tool}</c> span and the execution counter and duration by tool
/// and status. Arguments and results are never recorded.
/// </summary>
internal static class ToolTelemetry
{
    /// <summary>The label of a tool the agent does not have: the model may invent any name, which is no label value.</summary>
    public const string UnknownTool = "unknown";

    /// <summary>Starts the span of a call, or returns null when nobody listens.</summary>
    /// <param name="call">The call.</param>
    /// <param name="known">Whether the agent has the tool; an unknown name is not put in the span's name.</param>
    public static Activity? Start(FunctionCallContent call, bool known)
    {
        var source = SwitchboardTelemetry.ActivitySource;
        if (!source.HasListeners())
        {
            return null;
        }

        var activity = source.StartActivity(known ? $"{GenAiConventions.ExecuteToolOperation} {call.Name}" : GenAiConventions.ExecuteToolOperation, ActivityKind.Internal);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag(GenAiConventions.OperationName, GenAiConventions.ExecuteToolOperation);
            activity.SetTag(GenAiConventions.ToolName, known ? call.Name : UnknownTool);
            activity.SetTag(GenAiConventions.ToolCallId, call.CallId);
            activity.SetTag(GenAiConventions.ToolType, "function");
        }

        return activity;
    }

    /// <summary>Records the outcome of a call on its span (if any) and in the tool metrics.</summary>
    /// <param name="activity">The call's span, or null.</param>
    /// <param name="tool">The tool's name.</param>
    /// <param name="status">The execution status.</param>
    /// <param name="elapsed">How long the call took.</param>
    /// <param name="cached">Whether the result came from the tool result cache (tagged <c>switchboard.tool.cached</c> on the span).</param>
    public static void Record(Activity? activity, string tool, string status, TimeSpan elapsed, bool cached = false)
    {
        if (status == ToolExecutionStatus.UnknownTool)
        {
            tool = UnknownTool;
        }

        var tags = new TagList { { "tool", tool }, { "status", status } };
        AgentInstruments.ToolExecutions.Add(1, in tags);
        AgentInstruments.ToolDuration.Record(elapsed.TotalSeconds, in tags);
        if (activity is not null)
        {
            activity.SetTag("switchboard.tool.status", status);
            if (cached)
            {
                activity.SetTag("switchboard.tool.cached", true);
            }

            if (status != ToolExecutionStatus.Ok)
            {
                activity.SetTag(GenAiConventions.ErrorType, status);
                activity.SetStatus(ActivityStatusCode.Error, status);
            }
        }
    }

    /// <summary>Counts a lookup in the tool result cache.</summary>
    /// <param name="tool">The tool's name (always a tool the agent has).</param>
    /// <param name="hit">Whether the lookup found a result.</param>
    public static void RecordCacheLookup(string tool, bool hit)
    {
        if (AgentInstruments.ToolCacheRequests.Enabled)
        {
            AgentInstruments.ToolCacheRequests.Add(1, new KeyValuePair<string, object?>("tool", tool), new KeyValuePair<string, object?>("result", hit ? "hit" : "miss"));
        }
    }
}
