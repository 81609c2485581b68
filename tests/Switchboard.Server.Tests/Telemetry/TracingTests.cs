using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using Switchboard.Server.Tests.Infrastructure;

namespace Switchboard.Server.Tests.Telemetry;

/// <summary>
/// Spans and the trace-id header, seen by an <see cref="ActivityListener"/> as an exporter would see them: the agent
/// run, its model calls and its tool call nest under the request's span, and no span carries message text.
/// </summary>
[Collection(nameof(SequentialTelemetryTests))]
public sealed class TracingTests : IAsyncLifetime
{
    private const string Question = "Where is my order ORD-1001?";

    private readonly ConcurrentQueue<Activity> _stopped = new();
    private readonly ActivityListener _listener;
    private FakeOpenAIUpstream _upstream = null!;
    private SwitchboardFactory _factory = null!;
    private HttpClient _client = null!;

    public TracingTests()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is "Switchboard" or "Microsoft.AspNetCore",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public async Task InitializeAsync()
    {
        _upstream = await FakeOpenAIUpstream.StartAsync();
        _factory = new SwitchboardFactory(_upstream);
        _client = _factory.CreateClient();
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _factory.DisposeAsync();
        await _upstream.DisposeAsync();
        _listener.Dispose();
    }

    [Fact]
    public async Task AgentConversation_RunToolAndModelSpans_NestUnderTheRequestSpan()
    {
        var conversation = await StartConversationAsync();
        using var response = await PostAsync($"/api/v1/conversations/{conversation}/messages", JsonSerializer.Serialize(new { content = Question }));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        var traceId = TraceId(response);

        var spans = await WaitForTraceAsync(traceId, s => s.Any(IsServersRequest) && s.Any(a => a.DisplayName.StartsWith("invoke_agent", StringComparison.Ordinal)));

        var request = Assert.Single(spans, IsServersRequest);
        var run = Assert.Single(spans, a => a.DisplayName == "invoke_agent support-desk");
        Assert.Equal(request.SpanId, run.ParentSpanId);
        Assert.Equal("invoke_agent", run.GetTagItem("gen_ai.operation.name"));
        Assert.Equal("support-desk", run.GetTagItem("gen_ai.agent.name"));
        Assert.Equal(conversation, run.GetTagItem("gen_ai.conversation.id"));
        Assert.Equal("answered", run.GetTagItem("switchboard.agent.outcome"));
        Assert.Equal("order", run.GetTagItem("switchboard.agent.final"));
        var handoff = Assert.Single(run.Events, e => e.Name == "switchboard.handoff");
        Assert.Contains(new KeyValuePair<string, object?>("switchboard.handoff.method", "classifier"), handoff.Tags);
        Assert.Contains(new KeyValuePair<string, object?>("switchboard.handoff.to", "order"), handoff.Tags);

        var tool = Assert.Single(spans, a => a.DisplayName == "execute_tool get_order_status");
        Assert.Equal(run.SpanId, tool.ParentSpanId);
        Assert.Equal("get_order_status", tool.GetTagItem("gen_ai.tool.name"));
        Assert.False(string.IsNullOrEmpty(tool.GetTagItem("gen_ai.tool.call.id") as string));
        Assert.Equal("ok", tool.GetTagItem("switchboard.tool.status"));
        Assert.Equal(ActivityStatusCode.Unset, tool.Status);

        // The turn that called the tool, and the one that answered with its result.
        var chats = spans.Where(a => a.DisplayName == "chat builtin:support").ToList();
        Assert.Equal(2, chats.Count);
        Assert.All(chats, chat =>
        {
            Assert.Equal(run.SpanId, chat.ParentSpanId);
            Assert.Equal(ActivityKind.Client, chat.Kind);
            Assert.Equal("chat", chat.GetTagItem("gen_ai.operation.name"));
            Assert.Equal("builtin", chat.GetTagItem("gen_ai.provider.name"));
            Assert.Equal("builtin:support", chat.GetTagItem("gen_ai.response.model"));
            Assert.NotNull(chat.GetTagItem("gen_ai.usage.input_tokens"));
        });
        Assert.Contains(chats, chat => chat.GetTagItem("gen_ai.response.finish_reasons") is string[] reasons && reasons.SequenceEqual(["tool_calls"]));
        Assert.True(chats[0].StartTimeUtc < tool.StartTimeUtc && tool.StartTimeUtc < chats[1].StartTimeUtc);

        // What the customer wrote and what the agent answered (from the tool's result) appear in no span.
        var reply = JsonDocument.Parse(body).RootElement.GetProperty("reply").GetString()!;
        AssertNoText(spans, Question, "ORD-1001", reply);
    }

    [Fact]
    public async Task ModelCall_ChatSpanHasGenAiAttributes_AndItsTraceIdIsInTheHeader()
    {
        using var response = await PostAsync("/v1/chat/completions", """{"model":"mock:gpt-4o-mini","max_tokens":50,"messages":[{"role":"user","content":"SECRET QUESTION"}]}""");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var traceId = TraceId(response);

        var spans = await WaitForTraceAsync(traceId, s => s.Any(IsServersRequest));

        var request = Assert.Single(spans, IsServersRequest);
        Assert.Equal("/v1/chat/completions", request.GetTagItem("http.route"));
        var chat = Assert.Single(spans, a => a.DisplayName == "chat mock:gpt-4o-mini");
        Assert.Equal(request.SpanId, chat.ParentSpanId);
        Assert.Equal("chat", chat.GetTagItem("gen_ai.operation.name"));
        Assert.Equal("mock:gpt-4o-mini", chat.GetTagItem("gen_ai.request.model"));
        Assert.Equal("mock:gpt-4o-mini", chat.GetTagItem("gen_ai.response.model"));
        Assert.Equal("mock", chat.GetTagItem("gen_ai.provider.name"));
        Assert.Equal(50, chat.GetTagItem("gen_ai.request.max_tokens"));
        Assert.Equal(19L, chat.GetTagItem("gen_ai.usage.input_tokens"));
        Assert.Equal(10L, chat.GetTagItem("gen_ai.usage.output_tokens"));
        Assert.Equal(["stop"], (string[])chat.GetTagItem("gen_ai.response.finish_reasons")!);
        Assert.Equal("chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT", chat.GetTagItem("gen_ai.response.id"));
        AssertNoText(spans, "SECRET", "Hello! How can I assist you today?");
    }

    [Fact]
    public async Task FailedModelCall_ChatSpanHasTheErrorType()
    {
        _upstream.Handler = FakeOpenAIUpstream.Json(Fixture.Read("openai/error_rate_limit.json"), 429, retryAfter: "3600");

        using var response = await PostAsync("/v1/chat/completions", """{"model":"mock:gpt-4o-mini","messages":[{"role":"user","content":"Hello"}]}""");

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        var spans = await WaitForTraceAsync(TraceId(response), s => s.Any(IsServersRequest));
        var chat = Assert.Single(spans, a => a.DisplayName == "chat mock:gpt-4o-mini");
        Assert.Equal(ActivityStatusCode.Error, chat.Status);
        Assert.Equal("rate_limited", chat.GetTagItem("error.type"));
    }

    [Fact]
    public async Task TraceIdHeader_IsOnEveryResponse_ErrorsIncluded_AndContinuesTheCallersTrace()
    {
        using var notFound = await _client.GetAsync("/no/such/path");
        using var badRequest = await PostAsync("/v1/chat/completions", "{not json");
        using var health = await _client.GetAsync("/health");
        var parent = ActivityTraceId.CreateRandom();
        using var traced = new HttpRequestMessage(HttpMethod.Get, "/health");
        traced.Headers.Add("traceparent", $"00-{parent.ToHexString()}-{ActivitySpanId.CreateRandom().ToHexString()}-01");
        using var continued = await _client.SendAsync(traced);

        Assert.Equal(HttpStatusCode.NotFound, notFound.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badRequest.StatusCode);
        var ids = new[] { TraceId(notFound), TraceId(badRequest), TraceId(health) };
        Assert.All(ids, id => Assert.Matches("^[0-9a-f]{32}$", id));
        Assert.Equal(3, ids.Distinct().Count());
        Assert.Equal(parent.ToHexString(), TraceId(continued));
    }

    // The fake upstream is a web host in this process too: its request joins the trace, as a child of the call.
    private static bool IsServersRequest(Activity activity) =>
        activity.Source.Name == "Microsoft.AspNetCore" && activity.ParentSpanId == default;

    private static string TraceId(HttpResponseMessage response) =>
        Assert.Single(response.Headers.GetValues("x-switchboard-trace-id"));

    private static void AssertNoText(IEnumerable<Activity> spans, params string[] texts)
    {
        foreach (var span in spans)
        {
            var values = span.TagObjects.Select(t => t.Value)
                .Concat(span.Events.SelectMany(e => e.Tags).Select(t => t.Value))
                .SelectMany(v => v is string[] array ? array : [Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty])
                .Append(span.DisplayName)
                .Append(span.StatusDescription);
            foreach (var value in values)
            {
                foreach (var text in texts)
                {
                    Assert.False(value?.Contains(text, StringComparison.Ordinal) == true, $"span '{span.DisplayName}' carries '{text}' in '{value}'");
                }
            }
        }
    }

    private async Task<List<Activity>> WaitForTraceAsync(string traceId, Func<List<Activity>, bool> complete)
    {
        // The request's own span stops just after the response has reached the client.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var spans = _stopped.Where(a => a.TraceId.ToHexString() == traceId).ToList();
            if (complete(spans) || DateTime.UtcNow > deadline)
            {
                return spans;
            }

            await Task.Delay(20);
        }
    }

    private Task<HttpResponseMessage> PostAsync(string path, string json) =>
        _client.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));

    private async Task<string> StartConversationAsync()
    {
        using var response = await PostAsync("/api/v1/conversations", """{"agent":"support-desk"}""");
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;
    }
}
