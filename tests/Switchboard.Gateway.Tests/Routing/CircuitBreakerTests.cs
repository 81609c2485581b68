using Microsoft.Extensions.AI;
using Switchboard.Abstractions.Errors;
using Switchboard.Gateway.Catalog;
using Switchboard.Gateway.Routing;
using Switchboard.Gateway.Tests.Catalog;
using Switchboard.Gateway.Tests.Fakes;

namespace Switchboard.Gateway.Tests.Routing;

public sealed class CircuitBreakerTests
{
    private readonly List<string> _calls = [];
    private readonly CircuitBreakerRegistry _circuits = new(new CircuitBreakerSettings { MinimumThroughput = 2, BreakDurationSeconds = 60 }, TimeProvider.System);
    private readonly FailoverChatClient _client;

    public CircuitBreakerTests()
    {
        var options = new ModelCatalogOptions();
        options.Providers["p"] = CatalogFixtures.Provider(models: ["a", "b"]);
        var route = new RouteOptions { MaxAttempts = 1 };
        route.Targets.AddRange(["p:a", "p:b"]);
        options.Routes["chain"] = route;
        options.Retries.MaxAttempts = 1;
        var inner = new TestChatClient
        {
            GetResponseAsyncCallback = (_, o, _) =>
            {
                _calls.Add(o!.ModelId!);
                return o.ModelId == "p:a"
                    ? throw new UpstreamException(UpstreamErrorKind.ServerError, "p", "down", 500)
                    : Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, "ok")) { ModelId = o.ModelId });
            },
        };
        _client = new FailoverChatClient(inner, CatalogFixtures.Build(options), TimeProvider.System, _circuits);
    }

    [Fact]
    public async Task RepeatedFailures_OpenTheCircuitAndLaterCallsSkipTheTarget()
    {
        await _client.GetResponseAsync([new ChatMessage(ChatRole.User, "1")], new ChatOptions { ModelId = "chain" });
        await _client.GetResponseAsync([new ChatMessage(ChatRole.User, "2")], new ChatOptions { ModelId = "chain" });
        Assert.Equal("open", _circuits.States()["p:a"]);
        _calls.Clear();

        var response = await _client.GetResponseAsync([new ChatMessage(ChatRole.User, "3")], new ChatOptions { ModelId = "chain" });

        Assert.Equal(["p:b"], _calls); // p:a was not called at all: an open circuit is ordered last
        Assert.Equal("p:b", response.ModelId);
        Assert.False(response.AdditionalProperties!.ContainsKey(FailoverChatClient.FallbackReason));
        Assert.Equal("closed", _circuits.States()["p:b"]);
    }

    [Fact]
    public async Task RecoveredPrimary_GetsItsProbeAfterTheBreak_AndTheRouteComesBackToIt()
    {
        // Polly leaves an open circuit "open" until a call goes through it; ordering it last for good would mean no
        // call ever did, and the route would stay on its fallback after the primary recovered.
        var clock = new ManualClock(DateTimeOffset.UnixEpoch);
        var circuits = new CircuitBreakerRegistry(new CircuitBreakerSettings { MinimumThroughput = 2, BreakDurationSeconds = 30 }, clock);
        var options = new ModelCatalogOptions();
        options.Providers["p"] = CatalogFixtures.Provider(models: ["a", "b"]);
        var route = new RouteOptions { MaxAttempts = 1 };
        route.Targets.AddRange(["p:a", "p:b"]);
        options.Routes["chain"] = route;
        var healthy = false;
        var calls = new List<string>();
        var inner = new TestChatClient
        {
            GetResponseAsyncCallback = (_, o, _) =>
            {
                calls.Add(o!.ModelId!);
                return o.ModelId == "p:a" && !healthy
                    ? throw new UpstreamException(UpstreamErrorKind.ServerError, "p", "down", 500)
                    : Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, "ok")) { ModelId = o.ModelId });
            },
        };
        var client = new FailoverChatClient(inner, CatalogFixtures.Build(options), clock, circuits);
        for (var i = 0; i < 2; i++)
        {
            await client.GetResponseAsync([new ChatMessage(ChatRole.User, "x")], new ChatOptions { ModelId = "chain" });
        }

        Assert.Equal("open", circuits.States()["p:a"]);
        healthy = true;
        clock.Advance(TimeSpan.FromSeconds(31));
        Assert.Equal("half_open", circuits.States()["p:a"]);
        calls.Clear();

        var response = await client.GetResponseAsync([new ChatMessage(ChatRole.User, "x")], new ChatOptions { ModelId = "chain" });

        Assert.Equal(["p:a"], calls);
        Assert.Equal("p:a", response.ModelId);
        Assert.Equal("closed", circuits.States()["p:a"]);
    }

    [Fact]
    public async Task ProbeTheCallerGaveUpOn_DoesNotCloseTheCircuit()
    {
        // Polly takes any outcome its predicate does not handle as a success: a cancelled probe would close the circuit
        // of a target nobody has seen answer.
        var clock = new ManualClock(DateTimeOffset.UnixEpoch);
        var circuits = new CircuitBreakerRegistry(new CircuitBreakerSettings { MinimumThroughput = 2, BreakDurationSeconds = 30 }, clock);
        var options = new ModelCatalogOptions();
        options.Providers["p"] = CatalogFixtures.Provider(models: ["a"]);
        options.Retries.MaxAttempts = 1;
        var mode = "fail";
        using var caller = new CancellationTokenSource();
        var inner = new TestChatClient
        {
            GetResponseAsyncCallback = async (_, o, ct) =>
            {
                if (mode == "fail")
                {
                    throw new UpstreamException(UpstreamErrorKind.ServerError, "p", "down", 500);
                }

                if (mode == "leave")
                {
                    await caller.CancelAsync();
                    ct.ThrowIfCancellationRequested();
                }

                return new ChatResponse(new ChatMessage(ChatRole.Assistant, "ok")) { ModelId = o!.ModelId };
            },
        };
        var client = new FailoverChatClient(inner, CatalogFixtures.Build(options), clock, circuits);
        for (var i = 0; i < 2; i++)
        {
            await Assert.ThrowsAsync<UpstreamException>(() => client.GetResponseAsync([new ChatMessage(ChatRole.User, "x")], new ChatOptions { ModelId = "p:a" }));
        }

        clock.Advance(TimeSpan.FromSeconds(31));
        mode = "leave";
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.GetResponseAsync([new ChatMessage(ChatRole.User, "x")], new ChatOptions { ModelId = "p:a" }, caller.Token));

        Assert.Equal("open", circuits.States()["p:a"]);

        // The next probe, after another break, still decides.
        clock.Advance(TimeSpan.FromSeconds(31));
        mode = "answer";
        var response = await client.GetResponseAsync([new ChatMessage(ChatRole.User, "x")], new ChatOptions { ModelId = "p:a" });
        Assert.Equal("p:a", response.ModelId);
        Assert.Equal("closed", circuits.States()["p:a"]);
    }

    [Fact]
    public async Task CallersThatLeave_DoNotOpenAClosedCircuit()
    {
        var circuits = new CircuitBreakerRegistry(new CircuitBreakerSettings { MinimumThroughput = 2 }, TimeProvider.System);
        var options = new ModelCatalogOptions();
        options.Providers["p"] = CatalogFixtures.Provider(models: ["a"]);
        options.Retries.MaxAttempts = 1;
        var client = new FailoverChatClient(
            new TestChatClient
            {
                GetResponseAsyncCallback = async (_, _, ct) =>
                {
                    await Task.Delay(Timeout.Infinite, ct);
                    throw new InvalidOperationException("unreachable");
                },
            },
            CatalogFixtures.Build(options),
            TimeProvider.System,
            circuits);

        for (var i = 0; i < 4; i++)
        {
            using var caller = new CancellationTokenSource(TimeSpan.FromMilliseconds(10));
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.GetResponseAsync([new ChatMessage(ChatRole.User, "x")], new ChatOptions { ModelId = "p:a" }, caller.Token));
        }

        Assert.Equal("closed", circuits.States()["p:a"]);
    }

    [Fact]
    public async Task OpenCircuitOnTheOnlyTarget_FailsFastAsCircuitOpen()
    {
        for (var i = 0; i < 2; i++)
        {
            await Assert.ThrowsAsync<UpstreamException>(() => _client.GetResponseAsync([new ChatMessage(ChatRole.User, "x")], new ChatOptions { ModelId = "p:a" }));
        }

        _calls.Clear();
        var exception = await Assert.ThrowsAsync<UpstreamException>(() => _client.GetResponseAsync([new ChatMessage(ChatRole.User, "x")], new ChatOptions { ModelId = "p:a" }));

        Assert.Equal(UpstreamErrorKind.CircuitOpen, exception.Kind);
        Assert.Empty(_calls);
    }

    [Fact]
    public async Task RateLimits_DoNotOpenTheCircuit()
    {
        var registry = new CircuitBreakerRegistry(new CircuitBreakerSettings { MinimumThroughput = 2 }, TimeProvider.System);
        var options = new ModelCatalogOptions();
        options.Providers["p"] = CatalogFixtures.Provider(models: ["a"]);
        options.Retries.MaxAttempts = 1;
        var client = new FailoverChatClient(
            new TestChatClient { GetResponseAsyncCallback = (_, _, _) => throw new UpstreamException(UpstreamErrorKind.RateLimited, "p", "slow down", 429) },
            CatalogFixtures.Build(options),
            TimeProvider.System,
            registry);

        for (var i = 0; i < 4; i++)
        {
            var exception = await Assert.ThrowsAsync<UpstreamException>(() => client.GetResponseAsync([new ChatMessage(ChatRole.User, "x")], new ChatOptions { ModelId = "p:a" }));
            Assert.Equal(UpstreamErrorKind.RateLimited, exception.Kind);
        }

        Assert.Equal("closed", registry.States()["p:a"]);
    }

    [Fact]
    public async Task Streaming_FailuresAfterTheFirstUpdate_OpenTheCircuit()
    {
        // Each broken stream counts twice: a call that started (its first update) and a failure.
        var (client, registry) = StreamingClient(static (ct) => BreaksAfterOne(ct));

        for (var i = 0; i < 2; i++)
        {
            var exception = await Assert.ThrowsAsync<UpstreamException>(() => Drain(client));
            Assert.Equal(UpstreamErrorKind.ServerError, exception.Kind);
            Assert.Equal(i == 0 ? "closed" : "open", registry.States()["p:a"]);
        }

        var refused = await Assert.ThrowsAsync<UpstreamException>(() => Drain(client));
        Assert.Equal(UpstreamErrorKind.CircuitOpen, refused.Kind);
    }

    [Fact]
    public async Task Streaming_ProbeThatBreaksAfterItsFirstUpdate_OpensTheCircuitAgain()
    {
        // The probe's first update closes the circuit; without more, the target would need MinimumThroughput more
        // calls, each failing a caller, before it opened again.
        var clock = new ManualClock(DateTimeOffset.UnixEpoch);
        var registry = new CircuitBreakerRegistry(new CircuitBreakerSettings { MinimumThroughput = 4, BreakDurationSeconds = 30 }, clock);
        var options = new ModelCatalogOptions();
        options.Providers["p"] = CatalogFixtures.Provider(models: ["a"]);
        options.Retries.MaxAttempts = 1;
        var healthy = false;
        var inner = new TestChatClient { GetStreamingResponseAsyncCallback = (_, _, ct) => healthy ? Whole(ct) : BreaksAfterOne(ct) };
        var client = new FailoverChatClient(inner, CatalogFixtures.Build(options), clock, registry);
        for (var i = 0; i < 2; i++)
        {
            await Assert.ThrowsAsync<UpstreamException>(() => Drain(client));
        }

        Assert.Equal("open", registry.States()["p:a"]);
        clock.Advance(TimeSpan.FromSeconds(31));
        Assert.True(registry.IsProbing("p:a"));

        await Assert.ThrowsAsync<UpstreamException>(() => Drain(client));

        Assert.Equal("open", registry.States()["p:a"]);
        var refused = await Assert.ThrowsAsync<UpstreamException>(() => Drain(client));
        Assert.Equal(UpstreamErrorKind.CircuitOpen, refused.Kind);

        // After its own break, the next probe decides again.
        clock.Advance(TimeSpan.FromSeconds(31));
        healthy = true;
        await Drain(client);
        Assert.Equal("closed", registry.States()["p:a"]);
    }

    [Fact]
    public async Task Streaming_ABreakWhileClosed_CountsOnceAsBefore()
    {
        var (client, registry) = StreamingClient(static (ct) => BreaksAfterOne(ct));

        Assert.False(registry.IsProbing("p:a"));
        await Assert.ThrowsAsync<UpstreamException>(() => Drain(client));

        Assert.Equal("closed", registry.States()["p:a"]);
    }

    [Fact]
    public async Task Streaming_CallerCancelsAfterTheFirstUpdate_DoesNotCountAgainstTheTarget()
    {
        var (client, registry) = StreamingClient(static (ct) => EndlessAfterOne(ct));

        for (var i = 0; i < 4; i++)
        {
            using var cancellation = new CancellationTokenSource();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
            {
                await foreach (var update in client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "x")], new ChatOptions { ModelId = "p:a" }, cancellation.Token))
                {
                    await cancellation.CancelAsync();
                }
            });
        }

        Assert.Equal("closed", registry.States()["p:a"]);
    }

    private static (FailoverChatClient Client, CircuitBreakerRegistry Registry) StreamingClient(Func<CancellationToken, IAsyncEnumerable<ChatResponseUpdate>> stream)
    {
        var registry = new CircuitBreakerRegistry(new CircuitBreakerSettings { MinimumThroughput = 4, BreakDurationSeconds = 60 }, TimeProvider.System);
        var options = new ModelCatalogOptions();
        options.Providers["p"] = CatalogFixtures.Provider(models: ["a"]);
        options.Retries.MaxAttempts = 1;
        var inner = new TestChatClient { GetStreamingResponseAsyncCallback = (_, _, ct) => stream(ct) };
        return (new FailoverChatClient(inner, CatalogFixtures.Build(options), TimeProvider.System, registry), registry);
    }

    private static async Task Drain(FailoverChatClient client)
    {
        await foreach (var update in client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "x")], new ChatOptions { ModelId = "p:a" }))
        {
            Assert.Equal("partial", update.Text);
        }
    }

    private static async IAsyncEnumerable<ChatResponseUpdate> BreaksAfterOne([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        yield return new ChatResponseUpdate(ChatRole.Assistant, "partial");
        await Task.Yield();
        cancellationToken.ThrowIfCancellationRequested();
        throw new UpstreamException(UpstreamErrorKind.ServerError, "p", "The provider ended the stream before [DONE].");
    }

    private static async IAsyncEnumerable<ChatResponseUpdate> Whole([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        yield return new ChatResponseUpdate(ChatRole.Assistant, "partial");
        await Task.Yield();
        cancellationToken.ThrowIfCancellationRequested();
    }

    private static async IAsyncEnumerable<ChatResponseUpdate> EndlessAfterOne([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        yield return new ChatResponseUpdate(ChatRole.Assistant, "partial");
        await Task.Delay(Timeout.Infinite, cancellationToken);
    }

    [Fact]
    public void Settings_InvalidValues_NameTheField()
    {
        var errors = new CircuitBreakerSettings { FailureRatio = 0, MinimumThroughput = 1, BreakDurationSeconds = 0.1 }.Validate().ToList();

        Assert.Contains(errors, e => e.StartsWith("Switchboard:CircuitBreaker:FailureRatio", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Switchboard:CircuitBreaker:MinimumThroughput", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Switchboard:CircuitBreaker:BreakDurationSeconds", StringComparison.Ordinal));
    }
}
