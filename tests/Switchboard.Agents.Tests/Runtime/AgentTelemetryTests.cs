using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Switchboard.Abstractions.Agents;
using Switchboard.Abstractions.Telemetry;
using Switchboard.Agents.Definitions;
using Switchboard.Agents.Runtime;
using Switchboard.Agents.Tests.Fakes;
using Switchboard.Agents.Tools;
using Switchboard.Agents.Tools.BuiltIn;

namespace Switchboard.Agents.Tests.Runtime;

/// <summary>
/// The spans and metrics of agent runs. Each test names its agent uniquely and runs under a root span of its own, so
/// that what it sees is its own (instruments and sources are process-wide and tests run in parallel).
/// </summary>
public sealed class AgentTelemetryTests : IDisposable
{
    private static readonly ActivitySource TestSource = new("Switchboard.Agents.Tests");

    private readonly string _agent = $"a{Guid.NewGuid():N}";
    private readonly ConcurrentQueue<Activity> _spans = new();
    private readonly ConcurrentQueue<(string Instrument, long Value, Dictionary<string, object?> Tags)> _measurements = new();
    private readonly ActivityListener _activities;
    private readonly MeterListener _meters = new();

    public AgentTelemetryTests()
    {
        _activities = new ActivityListener
        {
            ShouldListenTo = source => source.Name is SwitchboardTelemetry.Name or "Switchboard.Agents.Tests",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _spans.Enqueue,
        };
        ActivitySource.AddActivityListener(_activities);
        _meters.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == SwitchboardTelemetry.Name)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _meters.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            var copy = new Dictionary<string, object?>(StringComparer.Ordinal);
            foreach (var tag in tags)
            {
                copy[tag.Key] = tag.Value;
            }

            _measurements.Enqueue((instrument.Name, value, copy));
        });
        _meters.Start();
    }

    public void Dispose()
    {
        _activities.Dispose();
        _meters.Dispose();
    }

    [Fact]
    public async Task Run_IsASpanWithToolSpansAsChildren_AndAnUnknownToolNameIsNeverALabel()
    {
        var hallucinated = $"teleport_{Guid.NewGuid():N}";
        var model = new ScriptedChatClient(
            ScriptedTurn.Call("c1", "lookup_order", """{"order_id":"ORD-7"}"""),
            ScriptedTurn.Call("c2", hallucinated, "{}"),
            ScriptedTurn.Answer("Done."));
        var harness = AgentRuntimeHarness.For(Agent(["lookup_order"]), model, TestTool.Returning("lookup_order", new { status = "shipped" }));
        var conversation = await harness.StartAsync(_agent);

        using (var root = TestSource.StartActivity("test"))
        {
            await harness.RunAsync(conversation, "Where is ORD-7?");
            var spans = _spans.Where(s => s.TraceId == root!.TraceId).ToList();
            var run = Assert.Single(spans, s => s.DisplayName == $"invoke_agent {_agent}");
            Assert.Equal(root!.SpanId, run.ParentSpanId);
            Assert.Equal(conversation.Id, run.GetTagItem("gen_ai.conversation.id"));
            Assert.Equal("answered", run.GetTagItem("switchboard.agent.outcome"));
            var lookup = Assert.Single(spans, s => s.DisplayName == "execute_tool lookup_order");
            Assert.Equal(run.SpanId, lookup.ParentSpanId);
            Assert.Equal("c1", lookup.GetTagItem("gen_ai.tool.call.id"));
            var unknown = Assert.Single(spans, s => s.DisplayName == "execute_tool");
            Assert.Equal(run.SpanId, unknown.ParentSpanId);
            Assert.Equal("unknown", unknown.GetTagItem("gen_ai.tool.name"));
            Assert.Equal(ActivityStatusCode.Error, unknown.Status);
            Assert.Equal("unknown_tool", unknown.GetTagItem("error.type"));
            Assert.DoesNotContain(spans.SelectMany(s => s.TagObjects), t => t.Value is string text && text.Contains("ORD-7", StringComparison.Ordinal));
        }

        Assert.Contains(_measurements, m => m.Instrument == "switchboard.agent.runs" && Tag(m.Tags, "agent") == _agent && Tag(m.Tags, "status") == "answered");
        Assert.Contains(_measurements, m => m.Instrument == "switchboard.tool.executions" && Tag(m.Tags, "tool") == "unknown" && Tag(m.Tags, "status") == "unknown_tool");
        Assert.DoesNotContain(_measurements, m => m.Tags.Values.Any(v => v as string == hallucinated));
    }

    [Fact]
    public async Task HandoffToHuman_CountsAnEscalationByKind_AndNotesItOnTheRunSpan()
    {
        var model = new ScriptedChatClient(ScriptedTurn.Call("c1", "handoff_to_human", """{"reason":"Wants a refund of a gift.","priority":"high"}"""));
        var tools = MethodTool.FromInstance(new SupportTools(new FakeOrderStore(), new FakeKnowledgeSearch())).Cast<AgentTool>().ToArray();
        var harness = AgentRuntimeHarness.For(Agent(["handoff_to_human"]), model, tools);
        var conversation = await harness.StartAsync(_agent);

        using (var root = TestSource.StartActivity("test"))
        {
            await harness.RunAsync(conversation, "I want my money back.");
            var run = Assert.Single(_spans, s => s.TraceId == root!.TraceId && s.DisplayName == $"invoke_agent {_agent}");
            var escalation = Assert.Single(run.Events, e => e.Name == "switchboard.escalation");
            Assert.Contains(new KeyValuePair<string, object?>("switchboard.escalation.kind", EscalationKinds.AgentRequest), escalation.Tags);
            Assert.Contains(new KeyValuePair<string, object?>("switchboard.escalation.priority", QueuePriority.High), escalation.Tags);
            Assert.DoesNotContain(escalation.Tags, t => t.Value is string text && text.Contains("refund", StringComparison.Ordinal));
            Assert.Equal("escalated", run.GetTagItem("switchboard.agent.outcome"));
        }

        Assert.Contains(_measurements, m => m.Instrument == "switchboard.agent.escalations" && Tag(m.Tags, "agent") == _agent && Tag(m.Tags, "reason") == EscalationKinds.AgentRequest);
        Assert.Contains(_measurements, m => m.Instrument == "switchboard.agent.runs" && Tag(m.Tags, "agent") == _agent && Tag(m.Tags, "status") == "escalated");
    }

    private static string? Tag(Dictionary<string, object?> tags, string key) => tags.GetValueOrDefault(key) as string;

    private AgentDefinition Agent(IReadOnlyList<string> tools) => new()
    {
        Name = _agent,
        Model = "test:helper",
        Instructions = "Help.",
        Tools = tools,
        Escalation = new EscalationSettings { Team = "support" },
    };
}
