using System.Diagnostics;
using Switchboard.Abstractions.Agents;
using Switchboard.Abstractions.Telemetry;
using Switchboard.Agents.Runtime;

namespace Switchboard.Agents.Telemetry;

/// <summary>
/// The telemetry of one agent run: its <c>invoke_agent {agent}</c> span, with handoffs and escalations as span events,
/// and, when it ends, the run counter and duration by outcome. Only names, ids, methods and outcomes are recorded;
/// never the user's message, replies, tool arguments or results, or the words of a reason.
/// </summary>
internal sealed class AgentRunTelemetry : IDisposable
{
    /// <summary>The outcome of a run that answered.</summary>
    public const string Answered = "answered";

    /// <summary>The outcome of a run that handed the conversation to a person.</summary>
    public const string Escalated = "escalated";

    /// <summary>The outcome of a run that stayed silent because a person owns the conversation.</summary>
    public const string Human = "human";

    /// <summary>The outcome of a run stopped by max_turns or repeated tool errors.</summary>
    public const string Stopped = "stopped";

    /// <summary>The outcome of a run that threw.</summary>
    public const string Failed = "failed";

    /// <summary>The outcome of a run the caller abandoned.</summary>
    public const string Cancelled = "cancelled";

    private readonly string _agent;
    private readonly TimeProvider _timeProvider;
    private readonly long _started;
    private string? _stoppedCode;
    private string? _status;
    private string? _outcome;

    private AgentRunTelemetry(string agent, TimeProvider timeProvider, Activity? activity)
    {
        _agent = agent;
        _timeProvider = timeProvider;
        _started = timeProvider.GetTimestamp();
        Activity = activity;
    }

    /// <summary>Gets the run's span, or null when nobody listens.</summary>
    public Activity? Activity { get; }

    /// <summary>Starts the telemetry of a run of <paramref name="agent"/> (the conversation's agent or team).</summary>
    public static AgentRunTelemetry Start(string agent, string conversationId, TimeProvider timeProvider)
    {
        Activity? activity = null;
        var source = SwitchboardTelemetry.ActivitySource;
        if (source.HasListeners())
        {
            activity = source.StartActivity($"{GenAiConventions.InvokeAgentOperation} {agent}", ActivityKind.Internal);
            if (activity is { IsAllDataRequested: true })
            {
                activity.SetTag(GenAiConventions.OperationName, GenAiConventions.InvokeAgentOperation);
                activity.SetTag(GenAiConventions.AgentName, agent);
                activity.SetTag(GenAiConventions.ConversationId, conversationId);
            }
        }

        return new AgentRunTelemetry(agent, timeProvider, activity);
    }

    /// <summary>Counts an escalation and notes it on the current span (the run's).</summary>
    public static void RecordEscalation(string agent, EscalationDecision decision, string queueItemId, string team)
    {
        AgentInstruments.Escalations.Add(1, new KeyValuePair<string, object?>("agent", agent), new KeyValuePair<string, object?>("reason", decision.Kind));
        if (Activity.Current is { IsAllDataRequested: true } activity)
        {
            activity.AddEvent(new ActivityEvent("switchboard.escalation", tags: new ActivityTagsCollection
            {
                ["switchboard.agent"] = agent,
                ["switchboard.escalation.kind"] = decision.Kind,
                ["switchboard.escalation.priority"] = decision.Priority,
                ["switchboard.escalation.team"] = team,
                ["switchboard.queue_item.id"] = queueItemId,
            }));
        }
    }

    /// <summary>Notes an event of the run: handoffs are counted, the last events decide the outcome.</summary>
    public void Observe(AgentEvent e)
    {
        switch (e)
        {
            case HandoffEvent handoff:
                AgentInstruments.Handoffs.Add(1, new KeyValuePair<string, object?>("method", handoff.Method), new KeyValuePair<string, object?>("to", handoff.To));
                if (Activity is { IsAllDataRequested: true })
                {
                    var tags = new ActivityTagsCollection
                    {
                        ["switchboard.handoff.from"] = handoff.From,
                        ["switchboard.handoff.to"] = handoff.To,
                        ["switchboard.handoff.method"] = handoff.Method,
                    };
                    if (handoff.Confidence is { } confidence)
                    {
                        tags["switchboard.handoff.confidence"] = confidence;
                    }

                    Activity.AddEvent(new ActivityEvent("switchboard.handoff", tags: tags));
                }

                break;
            case EscalationEvent:
                _outcome = Escalated;
                break;
            case RunErrorEvent error:
                _stoppedCode = error.Code;
                break;
            case RunCompletedEvent completed:
                _status = completed.Status;
                Activity?.SetTag("switchboard.agent.final", completed.Agent);
                break;
        }
    }

    /// <summary>Notes that the run threw.</summary>
    public void Fail(Exception exception)
    {
        _outcome = exception is OperationCanceledException ? Cancelled : Failed;
        Activity?.SetTag(GenAiConventions.ErrorType, exception is OperationCanceledException ? ErrorTypes.Cancelled : exception.GetType().Name);
    }

    /// <summary>Records the outcome and ends the span.</summary>
    public void Dispose()
    {
        var outcome = _outcome
            ?? (_stoppedCode is not null ? Stopped
            : _status is AgentSessionStatus.Escalated or AgentSessionStatus.Human ? Human
            : _status is not null ? Answered
            : Cancelled);
        AgentInstruments.Runs.Add(1, new KeyValuePair<string, object?>("agent", _agent), new KeyValuePair<string, object?>("status", outcome));
        if (AgentInstruments.RunDuration.Enabled)
        {
            AgentInstruments.RunDuration.Record(
                _timeProvider.GetElapsedTime(_started).TotalSeconds,
                new KeyValuePair<string, object?>("agent", _agent),
                new KeyValuePair<string, object?>("status", outcome));
        }

        if (Activity is not null)
        {
            Activity.SetTag("switchboard.agent.outcome", outcome);
            if (outcome is Failed or Cancelled or Stopped)
            {
                Activity.SetStatus(ActivityStatusCode.Error, _stoppedCode ?? outcome);
            }

            Activity.Dispose();
        }
    }
}
