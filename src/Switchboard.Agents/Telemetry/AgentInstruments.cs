using System.Diagnostics.Metrics;
using Switchboard.Abstractions.Telemetry;

namespace Switchboard.Agents.Telemetry;

/// <summary>The agent runtime's instruments on the <c>Switchboard</c> meter, created once per process.</summary>
internal static class AgentInstruments
{
    /// <summary>Bucket bounds for a whole agent run, in seconds: model turns and tools together can take minutes.</summary>
    private static readonly double[] RunBuckets = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 40, 80, 160];

    /// <summary>Bucket bounds for one tool execution, in seconds: from in-process lookups to slow HTTP APIs.</summary>
    private static readonly double[] ToolBuckets = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

    /// <summary><c>switchboard.agent.runs</c>: user messages handled by an agent or team, by outcome.</summary>
    public static readonly Counter<long> Runs = SwitchboardTelemetry.Meter.CreateCounter<long>(
        "switchboard.agent.runs", "{run}", "Agent runs (one per user message in an agent conversation), by the agent or team and the outcome.");

    /// <summary><c>switchboard.agent.run.duration</c>: how long a run took, by outcome.</summary>
    public static readonly Histogram<double> RunDuration = SwitchboardTelemetry.Meter.CreateHistogram(
        "switchboard.agent.run.duration", "s", "Duration of agent runs, from the user message to the last event.",
        tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = RunBuckets });

    /// <summary><c>switchboard.tool.executions</c>: tool calls by tool and status.</summary>
    public static readonly Counter<long> ToolExecutions = SwitchboardTelemetry.Meter.CreateCounter<long>(
        "switchboard.tool.executions", "{execution}", "Tool calls executed for agents, by tool and status (ok, error, invalid_arguments, timeout, unknown_tool).");

    /// <summary><c>switchboard.tool.duration</c>: how long a tool call took.</summary>
    public static readonly Histogram<double> ToolDuration = SwitchboardTelemetry.Meter.CreateHistogram(
        "switchboard.tool.duration", "s", "Duration of tool calls, schema check included, by tool and status.",
        tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = ToolBuckets });

    /// <summary><c>switchboard.tool.cache.requests</c>: calls of idempotent tools looked up in the tool result cache, by tool and result (hit, miss).</summary>
    public static readonly Counter<long> ToolCacheRequests = SwitchboardTelemetry.Meter.CreateCounter<long>(
        "switchboard.tool.cache.requests", "{request}", "Calls of idempotent tools looked up in the tool result cache, by tool and result: hit (answered from the cache, the tool did not run) or miss.");

    /// <summary><c>switchboard.agent.handoffs</c>: a conversation moved to another agent.</summary>
    public static readonly Counter<long> Handoffs = SwitchboardTelemetry.Meter.CreateCounter<long>(
        "switchboard.agent.handoffs", "{handoff}", "Handoffs of a conversation to another agent, by method (classifier, llm or tool) and the agent that took it.");

    /// <summary><c>switchboard.agent.escalations</c>: a conversation went to the human handoff queue.</summary>
    public static readonly Counter<long> Escalations = SwitchboardTelemetry.Meter.CreateCounter<long>(
        "switchboard.agent.escalations", "{escalation}", "Escalations of a conversation to the human handoff queue, by agent and kind of reason.");
}
