using System.Net;
using System.Text.Json;
using Switchboard.Server.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Switchboard.Server.Tests.OpenAI;

/// <summary>Fault injection against fake upstreams on loopback, with the upstream call counts asserted.</summary>
public sealed class FaultTests : IAsyncLifetime
{
    private readonly ITestOutputHelper _output;
    private FakeOpenAIUpstream _upstream = null!;

    public FaultTests(ITestOutputHelper output) => _output = output;

    public async Task InitializeAsync() => _upstream = await FakeOpenAIUpstream.StartAsync();

    public async Task DisposeAsync() => await _upstream.DisposeAsync();

    [Fact]
    public async Task RateLimitWithShortRetryAfter_IsWaitedOutThenSucceeds()
    {
        await using var factory = new SwitchboardFactory(_upstream);
        using var client = factory.CreateClient();
        var calls = 0;
        _upstream.Handler = context => Interlocked.Increment(ref calls) == 1
            ? FakeOpenAIUpstream.Json(Fixture.Read("openai/error_rate_limit.json"), 429, retryAfter: "1")(context)
            : FakeOpenAIUpstream.Json(Fixture.Read("openai/chat_completion.json"))(context);

        using var response = await client.PostAsync("/v1/chat/completions", Body("mock:gpt-4o-mini"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, calls);
        Assert.Equal("2", response.Headers.GetValues("x-switchboard-attempts").Single());
    }

    [Fact]
    public async Task Circuit_OpensThenClosesAfterASuccessfulProbe()
    {
        await using var factory = new SwitchboardFactory(_upstream, settings: new Dictionary<string, string?>
        {
            ["Switchboard:CircuitBreaker:MinimumThroughput"] = "2",
            ["Switchboard:CircuitBreaker:BreakDurationSeconds"] = "0.5",
            ["Switchboard:Retries:MaxAttempts"] = "1",
        });
        using var client = factory.CreateClient();
        var healthy = false;
        _upstream.Handler = context => Volatile.Read(ref healthy)
            ? FakeOpenAIUpstream.Json(Fixture.Read("openai/chat_completion.json"))(context)
            : FakeOpenAIUpstream.Json(Fixture.Read("openai/error_server.json"), 500)(context);

        for (var i = 0; i < 2; i++)
        {
            using var failed = await client.PostAsync("/v1/chat/completions", Body("mock:gpt-4o-mini"));
            Assert.Equal(HttpStatusCode.BadGateway, failed.StatusCode);
        }

        using var shed = await client.PostAsync("/v1/chat/completions", Body("mock:gpt-4o-mini"));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, shed.StatusCode);
        Assert.Equal(2, _upstream.Requests.Count); // the open circuit did not call the dead upstream

        Volatile.Write(ref healthy, true);
        await Task.Delay(TimeSpan.FromSeconds(0.7)); // past the break: the next call is the probe
        using var probe = await client.PostAsync("/v1/chat/completions", Body("mock:gpt-4o-mini"));

        Assert.Equal(HttpStatusCode.OK, probe.StatusCode);
        var circuits = JsonDocument.Parse(await client.GetStringAsync("/api/v1/admin/circuits")).RootElement.GetProperty("circuits");
        Assert.Equal("closed", circuits.GetProperty("mock:gpt-4o-mini").GetString());
    }

    [Fact]
    public async Task MalformedSseFromUpstream_IsAClear502()
    {
        await using var factory = new SwitchboardFactory(_upstream);
        using var client = factory.CreateClient();
        _upstream.Handler = FakeOpenAIUpstream.Sse(["data: {this is not json"]);

        using var response = await client.PostAsync("/v1/chat/completions", Body("mock:gpt-4o-mini", stream: true));

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal("upstream_invalid_response", JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task ThousandRequests_WithTwentyPercentFaultsAndAHealthyFallback_AllSucceedAndCountsReconcile()
    {
        await using var factory = new SwitchboardFactory(_upstream, settings: new Dictionary<string, string?>
        {
            ["Switchboard:Routes:soak:Targets:0"] = "mock:gpt-4o-mini",
            ["Switchboard:Routes:soak:Targets:1"] = "mock:mock-chat",
        });
        using var client = factory.CreateClient();
        var random = new Random(20261121);
        var faults = 0;
        var ok = Fixture.Read("openai/chat_completion.json");
        _upstream.Handler = context =>
        {
            // Only the primary (upstream id gpt-4o-mini) is faulty; the fallback (upstream-chat-v2) is healthy. This
            // request's own body decides: with 16 in flight, the last one recorded may belong to another request.
            var request = (JsonElement)context.Items[FakeOpenAIUpstream.RequestItem]!;
            var primary = request.GetProperty("model").GetString() == "gpt-4o-mini";
            int roll;
            lock (random)
            {
                roll = random.Next(100);
            }

            if (!primary || roll >= 20)
            {
                return FakeOpenAIUpstream.Json(ok)(context);
            }

            Interlocked.Increment(ref faults);
            return (roll % 4) switch
            {
                0 => FakeOpenAIUpstream.Json(Fixture.Read("openai/error_server.json"), 500)(context),
                1 => FakeOpenAIUpstream.Json(Fixture.Read("openai/error_server.json"), 503)(context),
                2 => FakeOpenAIUpstream.Json("{\"truncated\":")(context),
                _ => Abort(context),
            };
        };

        var statuses = new Dictionary<HttpStatusCode, int>();
        var attempts = 0;
        var fallbacks = 0;
        using var gate = new SemaphoreSlim(16);
        var started = System.Diagnostics.Stopwatch.StartNew();
        var tasks = Enumerable.Range(0, 1000).Select(async _ =>
        {
            await gate.WaitAsync();
            try
            {
                using var response = await client.PostAsync("/v1/chat/completions", Body("soak"));
                lock (statuses)
                {
                    statuses[response.StatusCode] = statuses.GetValueOrDefault(response.StatusCode) + 1;
                    attempts += int.Parse(response.Headers.GetValues("x-switchboard-attempts").Single(), System.Globalization.CultureInfo.InvariantCulture);
                    fallbacks += response.Headers.Contains("x-switchboard-fallback-reason") ? 1 : 0;
                }
            }
            finally
            {
                gate.Release();
            }
        });
        await Task.WhenAll(tasks).WaitAsync(TimeSpan.FromMinutes(3)); // bounded: a hang fails the test
        started.Stop();

        _output.WriteLine($"1000 requests in {started.Elapsed.TotalSeconds:F1} s: {string.Join(", ", statuses.Select(s => $"{(int)s.Key}: {s.Value}"))}; " +
            $"upstream calls {_upstream.Requests.Count}, injected faults {faults}, attempts reported {attempts}, fallbacks {fallbacks}");
        Assert.Equal(1000, statuses.GetValueOrDefault(HttpStatusCode.OK));
        Assert.Equal(_upstream.Requests.Count, attempts); // every upstream call is accounted for in a response
        Assert.Equal(1000 + faults, _upstream.Requests.Count); // each fault cost exactly one extra call
        Assert.InRange(faults, 100, 300);
    }

    private static Task Abort(Microsoft.AspNetCore.Http.HttpContext context)
    {
        context.Abort();
        return Task.CompletedTask;
    }

    private static StringContent Body(string model, bool stream = false) => new(
        JsonSerializer.Serialize(new { model, stream, messages = new[] { new { role = "user", content = "Hello" } } }),
        System.Text.Encoding.UTF8,
        "application/json");
}
