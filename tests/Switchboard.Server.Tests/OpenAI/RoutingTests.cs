using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Switchboard.Server.Tests.Infrastructure;

namespace Switchboard.Server.Tests.OpenAI;

/// <summary>Retries and fallback routes, driven through the HTTP API against a fake upstream that fails on purpose.</summary>
public sealed class RoutingTests : IAsyncLifetime
{
    private FakeOpenAIUpstream _upstream = null!;
    private SwitchboardFactory _factory = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _upstream = await FakeOpenAIUpstream.StartAsync();
        _factory = new SwitchboardFactory(_upstream, settings: new Dictionary<string, string?>
        {
            ["Switchboard:Retries:RetryBaseDelayMs"] = "1",
            ["Switchboard:Routes:resilient:Targets:0"] = "slow:slow-model",
            ["Switchboard:Routes:resilient:Targets:1"] = "mock:gpt-4o-mini",
            ["Switchboard:Routes:resilient:MaxAttempts"] = "1",
            ["Switchboard:Routes:chain:Targets:0"] = "mock:gpt-4o-mini",
            ["Switchboard:Routes:chain:Targets:1"] = "mock:mock-chat",
            ["Switchboard:Routes:chain:MaxAttempts"] = "1",
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
    public async Task Route_TimeoutOnTheFirstTarget_FallsBackAndSaysSo()
    {
        // The slow provider times out after 1 s; the next target answers.
        _upstream.Handler = async context =>
        {
            if (_upstream.Requests.Last().GetProperty("model").GetString() == "slow-model")
            {
                await Task.Delay(TimeSpan.FromSeconds(20), context.RequestAborted);
            }

            await FakeOpenAIUpstream.Json(Fixture.Read("openai/chat_completion.json"))(context);
        };

        using var response = await Post("""{"model":"resilient","messages":[{"role":"user","content":"Hello"}]}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("mock:gpt-4o-mini", JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("model").GetString());
        Assert.Equal("mock", response.Headers.GetValues("x-switchboard-provider").Single());
        Assert.Equal("mock:gpt-4o-mini", response.Headers.GetValues("x-switchboard-model").Single());
        Assert.Equal("2", response.Headers.GetValues("x-switchboard-attempts").Single());
        Assert.Equal("slow:slow-model: Timeout", response.Headers.GetValues("x-switchboard-fallback-reason").Single());
    }

    [Fact]
    public async Task Route_StreamFailingBeforeTheFirstChunk_FallsBackTransparently()
    {
        _upstream.Handler = context => _upstream.Requests.Last().GetProperty("model").GetString() == "gpt-4o-mini"
            ? FakeOpenAIUpstream.Json(Fixture.Read("openai/error_server.json"), 500)(context)
            : FakeOpenAIUpstream.Sse(Fixture.SseEvents("openai/stream_text.sse"))(context);

        using var response = await Post("""{"model":"chain","stream":true,"messages":[{"role":"user","content":"Hello"}]}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("mock:mock-chat", response.Headers.GetValues("x-switchboard-model").Single());
        Assert.Equal("mock:gpt-4o-mini: ServerError (HTTP 500)", response.Headers.GetValues("x-switchboard-fallback-reason").Single());
        var events = await SseParser.ReadAllAsync(response);
        Assert.Equal("[DONE]", events[^1].Data);
        Assert.Equal("mock:mock-chat", events[0].Json.GetProperty("model").GetString());
    }

    [Fact]
    public async Task DirectModel_TransientFailure_IsRetried()
    {
        var calls = 0;
        _upstream.Handler = context => Interlocked.Increment(ref calls) == 1
            ? FakeOpenAIUpstream.Json(Fixture.Read("openai/error_server.json"), 503)(context)
            : FakeOpenAIUpstream.Json(Fixture.Read("openai/chat_completion.json"))(context);

        using var response = await Post("""{"model":"mock:gpt-4o-mini","messages":[{"role":"user","content":"Hello"}]}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("2", response.Headers.GetValues("x-switchboard-attempts").Single());
        Assert.False(response.Headers.Contains("x-switchboard-fallback-reason"));
        Assert.Equal(2, calls);
    }

    [Fact]
    public async Task Route_BadRequestUpstream_IsNotRetriedOrFailedOver()
    {
        _upstream.Handler = FakeOpenAIUpstream.Json("""{"error":{"message":"bad","type":"invalid_request_error"}}""", StatusCodes.Status400BadRequest);

        using var response = await Post("""{"model":"chain","messages":[{"role":"user","content":"Hello"}]}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Single(_upstream.Requests);
    }

    [Fact]
    public async Task FailingModel_OpensItsCircuit_ThenFailsFastAndShowsInTheAdminView()
    {
        await using var factory = new SwitchboardFactory(_upstream, settings: new Dictionary<string, string?>
        {
            ["Switchboard:Retries:RetryBaseDelayMs"] = "1",
            ["Switchboard:CircuitBreaker:MinimumThroughput"] = "2",
        });
        using var client = factory.CreateClient();
        _upstream.Handler = FakeOpenAIUpstream.Json(Fixture.Read("openai/error_server.json"), 500);
        var request = """{"model":"mock:gpt-4o-mini","messages":[{"role":"user","content":"Hello"}]}""";

        using var first = await client.PostAsync("/v1/chat/completions", new StringContent(request, System.Text.Encoding.UTF8, "application/json"));
        var upstreamCalls = _upstream.Requests.Count;
        using var second = await client.PostAsync("/v1/chat/completions", new StringContent(request, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadGateway, first.StatusCode);
        Assert.Equal(2, upstreamCalls); // one retry, then the circuit opened
        Assert.Equal(HttpStatusCode.ServiceUnavailable, second.StatusCode);
        Assert.Equal("circuit_open", JsonDocument.Parse(await second.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal(upstreamCalls, _upstream.Requests.Count); // failed fast, without calling the upstream

        var circuits = JsonDocument.Parse(await client.GetStringAsync("/api/v1/admin/circuits")).RootElement.GetProperty("circuits");
        Assert.Equal("open", circuits.GetProperty("mock:gpt-4o-mini").GetString());
    }

    [Fact]
    public async Task Route_TargetWithItsRateLimitUsedUp_IsPassedOverAndTheLastOneRefusesWith429()
    {
        await using var factory = new SwitchboardFactory(
            _upstream,
            settings: new Dictionary<string, string?>
            {
                ["Switchboard:Routes:chain:Targets:0"] = "mock:gpt-4o-mini",
                ["Switchboard:Routes:chain:Targets:1"] = "mock:mock-chat",
                ["Switchboard:RateLimits:Models:mock:gpt-4o-mini:RequestsPerMinute"] = "1",
                ["Switchboard:RateLimits:Models:mock:mock-chat:RequestsPerMinute"] = "1",
            },
            services: services => services.AddSingleton<TimeProvider>(new ManualTimeProvider(new DateTimeOffset(2026, 11, 23, 12, 0, 30, TimeSpan.Zero))));
        using var client = factory.CreateClient();
        _upstream.Handler = FakeOpenAIUpstream.Json(Fixture.Read("openai/chat_completion.json"));
        var request = """{"model":"chain","messages":[{"role":"user","content":"Hello"}]}""";

        using var first = await client.PostAsync("/v1/chat/completions", new StringContent(request, System.Text.Encoding.UTF8, "application/json"));
        using var second = await client.PostAsync("/v1/chat/completions", new StringContent(request, System.Text.Encoding.UTF8, "application/json"));
        using var third = await client.PostAsync("/v1/chat/completions", new StringContent(request, System.Text.Encoding.UTF8, "application/json"));
        using var direct = await client.PostAsync("/v1/chat/completions", new StringContent(request.Replace("chain", "mock:gpt-4o-mini", StringComparison.Ordinal), System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal("mock:gpt-4o-mini", first.Headers.GetValues("x-switchboard-model").Single());
        Assert.Equal("mock:mock-chat", second.Headers.GetValues("x-switchboard-model").Single());
        Assert.Equal("mock:gpt-4o-mini: RateLimited (its limit in Switchboard)", second.Headers.GetValues("x-switchboard-fallback-reason").Single());
        Assert.Equal(HttpStatusCode.TooManyRequests, third.StatusCode);
        Assert.Equal("30", third.Headers.GetValues("Retry-After").Single());
        var error = JsonDocument.Parse(await third.Content.ReadAsStringAsync()).RootElement.GetProperty("error");
        Assert.Equal("rate_limit_exceeded", error.GetProperty("code").GetString());
        Assert.Contains("model 'mock:mock-chat'", error.GetProperty("message").GetString(), StringComparison.Ordinal);

        // Calls through the route and calls naming the model share the model's one count.
        Assert.Equal(HttpStatusCode.TooManyRequests, direct.StatusCode);
        Assert.Equal(["gpt-4o-mini", "upstream-chat-v2"], _upstream.Requests.Select(r => r.GetProperty("model").GetString()));
    }

    private Task<HttpResponseMessage> Post(string json) =>
        _client.SendAsync(
            new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions") { Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json") },
            HttpCompletionOption.ResponseHeadersRead);
}
