using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Switchboard.Server.Tests.Infrastructure;

namespace Switchboard.Server.Tests.Telemetry;

/// <summary>
/// <c>GET /metrics</c> on a running server: after real calls through every layer, the right series exist with the
/// right labels and moved by what the calls did, and the whole page is valid Prometheus text.
/// </summary>
[Collection(nameof(SequentialTelemetryTests))]
public sealed class MetricsEndpointTests : IAsyncLifetime
{
    private FakeOpenAIUpstream _upstream = null!;
    private SwitchboardFactory _factory = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _upstream = await FakeOpenAIUpstream.StartAsync();
        _factory = new SwitchboardFactory(_upstream, settings: new Dictionary<string, string?>
        {
            // A route whose first target always fails: retried once, then left for the second.
            ["Switchboard:Routes:chain:Targets:0"] = "mock:mock-chat",
            ["Switchboard:Routes:chain:Targets:1"] = "mock:gpt-4o-mini",
        });
        _client = _factory.CreateClient();
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _factory.DisposeAsync();
        await _upstream.DisposeAsync();
    }

    [Fact]
    public async Task Metrics_AfterAModelCallAndAnAgentConversation_ShowEveryLayer()
    {
        var before = await ScrapeAsync();

        using (var chat = await PostAsync("/v1/chat/completions", """{"model":"mock:gpt-4o-mini","messages":[{"role":"user","content":"Hello"}]}"""))
        {
            Assert.Equal(HttpStatusCode.OK, chat.StatusCode);
        }

        var conversation = await StartConversationAsync("support-desk");
        using (var answer = await PostAsync($"/api/v1/conversations/{conversation}/messages", """{"content":"Where is my order ORD-1001?"}"""))
        {
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
            Assert.Contains("get_order_status", await answer.Content.ReadAsStringAsync());
        }

        // ASP.NET Core records a request's duration when the server disposes of it, which can be just after the
        // client has read the response: wait for both requests to be counted before reading the rest.
        (string, string)[] messagesRoute = [("http_route", "/api/v1/conversations/{id}/messages"), ("http_request_method", "POST"), ("http_response_status_code", "200")];
        (string, string)[] completionsRoute = [("http_route", "/v1/chat/completions"), ("http_response_status_code", "200")];
        var after = await WaitForAsync(m =>
            m.Sum("http_server_request_duration_seconds_count", messagesRoute) > before.Sum("http_server_request_duration_seconds_count", messagesRoute)
            && m.Sum("http_server_request_duration_seconds_count", completionsRoute) > before.Sum("http_server_request_duration_seconds_count", completionsRoute));
        double Delta(string name, params (string, string)[] labels) => after.Sum(name, labels) - before.Sum(name, labels);

        // The gateway: one call to mock, its latency, tokens (the fixture's usage: 19 in, 10 out) and cost.
        (string, string)[] mock = [("provider", "mock"), ("model", "mock:gpt-4o-mini"), ("route", "mock:gpt-4o-mini"), ("status", "ok")];
        Assert.Equal(1, Delta("switchboard_model_requests_total", mock));
        (string, string)[] genAi = [("gen_ai_operation_name", "chat"), ("gen_ai_provider_name", "mock"), ("gen_ai_request_model", "mock:gpt-4o-mini"), ("gen_ai_response_model", "mock:gpt-4o-mini")];
        Assert.Equal(1, Delta("gen_ai_client_operation_duration_seconds_count", genAi));
        Assert.Equal(1, Delta("gen_ai_client_operation_duration_seconds_bucket", [.. genAi, ("le", "+Inf")]));
        Assert.Equal(19, Delta("gen_ai_client_token_usage_sum", [.. genAi, ("gen_ai_token_type", "input")]));
        Assert.Equal(10, Delta("gen_ai_client_token_usage_sum", [.. genAi, ("gen_ai_token_type", "output")]));
        Assert.Equal(19, Delta("switchboard_model_tokens_total", ("provider", "mock"), ("model", "mock:gpt-4o-mini"), ("type", "input")));
        Assert.Equal(10, Delta("switchboard_model_tokens_total", ("provider", "mock"), ("model", "mock:gpt-4o-mini"), ("type", "output")));
        Assert.Equal((19 * 0.15 + 10 * 0.60) / 1_000_000, Delta("switchboard_model_cost_usd_total", ("provider", "mock"), ("model", "mock:gpt-4o-mini")), 12);
        Assert.Equal(0, after.Sum("switchboard_circuit_breaker_state", ("target", "mock:gpt-4o-mini")));
        Assert.True(after.Has("switchboard_circuit_breaker_state", ("target", "mock:gpt-4o-mini")));

        // The agent: the classifier handed over to the order agent, which ran get_order_status on the builtin model.
        Assert.Equal(1, Delta("switchboard_agent_handoffs_total", ("method", "classifier"), ("to", "order")));
        Assert.Equal(1, Delta("switchboard_tool_executions_total", ("tool", "get_order_status"), ("status", "ok")));
        Assert.Equal(1, Delta("switchboard_tool_duration_seconds_count", ("tool", "get_order_status"), ("status", "ok")));
        Assert.Equal(1, Delta("switchboard_agent_runs_total", ("agent", "support-desk"), ("status", "answered")));
        Assert.Equal(1, Delta("switchboard_agent_run_duration_seconds_count", ("agent", "support-desk"), ("status", "answered")));
        Assert.True(Delta("switchboard_model_requests_total", ("provider", "builtin"), ("status", "ok")) >= 2, "the agent's model turns");
        Assert.True(Delta("gen_ai_client_operation_time_to_first_chunk_seconds_count", ("gen_ai_provider_name", "builtin")) >= 2, "agents stream");
        Assert.True(after.Has("switchboard_handoff_queue_length", ("status", "waiting")));

        // ASP.NET Core's own HTTP server metrics come along (the fake upstream, in this process too, serves
        // /v1/chat/completions as well).
        Assert.Equal(1, Delta("http_server_request_duration_seconds_count", messagesRoute));
        Assert.True(Delta("http_server_request_duration_seconds_count", completionsRoute) >= 1);
        Assert.Equal("histogram", after.Types["http_server_request_duration_seconds"]);
        Assert.Equal("counter", after.Types["switchboard_model_requests_total"]);
        Assert.Equal("gauge", after.Types["switchboard_circuit_breaker_state"]);
    }

    [Fact]
    public async Task Metrics_RetryAndFallback_AreCountedByTargetAndReason()
    {
        _upstream.Handler = context =>
        {
            var model = ((JsonElement)context.Items[FakeOpenAIUpstream.RequestItem]!).GetProperty("model").GetString();
            return model == "upstream-chat-v2"
                ? FakeOpenAIUpstream.Json(Fixture.Read("openai/error_server.json"), StatusCodes.Status500InternalServerError)(context)
                : FakeOpenAIUpstream.Json(Fixture.Read("openai/chat_completion.json"))(context);
        };
        var before = await ScrapeAsync();

        using var response = await PostAsync("/v1/chat/completions", """{"model":"chain","messages":[{"role":"user","content":"Hello"}]}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var after = await ScrapeAsync();
        double Delta(string name, params (string, string)[] labels) => after.Sum(name, labels) - before.Sum(name, labels);
        (string, string)[] primary = [("route", "chain"), ("target", "mock:mock-chat"), ("reason", "server_error")];
        Assert.Equal(1, Delta("switchboard_model_retries_total", primary));
        Assert.Equal(1, Delta("switchboard_model_fallbacks_total", primary));
        Assert.Equal(1, Delta("switchboard_model_requests_total", ("provider", "mock"), ("model", "mock:gpt-4o-mini"), ("route", "chain"), ("status", "ok")));
        Assert.Equal(1, Delta("gen_ai_client_operation_duration_seconds_count", ("gen_ai_request_model", "chain"), ("gen_ai_response_model", "mock:gpt-4o-mini")));
    }

    [Fact]
    public async Task Metrics_FailedCall_IsCountedWithItsErrorType()
    {
        _upstream.Handler = FakeOpenAIUpstream.Json(Fixture.Read("openai/error_rate_limit.json"), StatusCodes.Status429TooManyRequests, retryAfter: "3600");
        var before = await ScrapeAsync();

        using var response = await PostAsync("/v1/chat/completions", """{"model":"mock:gpt-4o-mini","messages":[{"role":"user","content":"Hello"}]}""");

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        var after = await ScrapeAsync();
        Assert.Equal(1, after.Sum("switchboard_model_requests_total", ("provider", "mock"), ("status", "rate_limited")) - before.Sum("switchboard_model_requests_total", ("provider", "mock"), ("status", "rate_limited")));
        Assert.Equal(1, after.Sum("gen_ai_client_operation_duration_seconds_count", ("error_type", "rate_limited")) - before.Sum("gen_ai_client_operation_duration_seconds_count", ("error_type", "rate_limited")));
    }

    [Fact]
    public async Task Metrics_StreamingCall_RecordsTimeToFirstChunkAndCountsTheOpenStream()
    {
        // The upstream holds its last event back until the open stream has been observed.
        var events = Fixture.SseEvents("openai/stream_text.sse");
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _upstream.Handler = FakeOpenAIUpstream.Sse(events, i => i == events.Count - 1 ? release.Task : Task.CompletedTask);
        var before = await ScrapeAsync();
        (string, string)[] openai = [("api", "openai")];
        Assert.Equal(0, before.Sum("switchboard_sse_active_streams", openai));

        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
        {
            Content = new StringContent("""{"model":"mock:gpt-4o-mini","stream":true,"messages":[{"role":"user","content":"Hello"}]}""", Encoding.UTF8, "application/json"),
        };
        using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var during = await ScrapeAsync();
        release.SetResult();
        Assert.Contains("[DONE]", await response.Content.ReadAsStringAsync());
        response.Dispose();

        Assert.Equal(1, during.Sum("switchboard_sse_active_streams", openai));
        var after = await WaitForAsync(m => m.Sum("switchboard_sse_active_streams", openai) == 0);
        Assert.Equal(1, after.Sum("gen_ai_client_operation_time_to_first_chunk_seconds_count", ("gen_ai_provider_name", "mock")) - before.Sum("gen_ai_client_operation_time_to_first_chunk_seconds_count", ("gen_ai_provider_name", "mock")));
        Assert.Equal(1, after.Sum("switchboard_model_requests_total", ("provider", "mock"), ("status", "ok")) - before.Sum("switchboard_model_requests_total", ("provider", "mock"), ("status", "ok")));
    }

    [Fact]
    public async Task MetricsEndpoint_ServesPrometheusText()
    {
        using (var health = await _client.GetAsync("/health"))
        {
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        }

        using var response = await _client.GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        var exposition = PrometheusExposition.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains("http_server_request_duration_seconds", exposition.Types.Keys);
        Assert.All(exposition.Types.Keys, name => Assert.Matches("^[a-zA-Z_:][a-zA-Z0-9_:]*$", name));
    }

    [Fact]
    public async Task MetricsEndpoint_MovesWithMetricsPath_AndIsGoneWhenDisabled()
    {
        await using (var moved = new SwitchboardFactory(_upstream, settings: new Dictionary<string, string?> { ["Switchboard:Telemetry:MetricsPath"] = "/internal/metrics" }))
        {
            using var client = moved.CreateClient();
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/internal/metrics")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/metrics")).StatusCode);
        }

        await using var disabled = new SwitchboardFactory(_upstream, settings: new Dictionary<string, string?> { ["Switchboard:Telemetry:MetricsEnabled"] = "false" });
        using var off = disabled.CreateClient();
        Assert.Equal(HttpStatusCode.NotFound, (await off.GetAsync("/metrics")).StatusCode);
    }

    private async Task<PrometheusExposition> ScrapeAsync()
    {
        using var response = await _client.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return PrometheusExposition.Parse(await response.Content.ReadAsStringAsync());
    }

    private async Task<PrometheusExposition> WaitForAsync(Func<PrometheusExposition, bool> condition)
    {
        // A response is finished (and its stream counted closed) just after the client has read it.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var exposition = await ScrapeAsync();
            if (condition(exposition) || DateTime.UtcNow > deadline)
            {
                return exposition;
            }

            await Task.Delay(20);
        }
    }

    private Task<HttpResponseMessage> PostAsync(string path, string json) =>
        _client.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));

    private async Task<string> StartConversationAsync(string agent)
    {
        using var response = await PostAsync("/api/v1/conversations", $$"""{"agent":"{{agent}}"}""");
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;
    }
}
