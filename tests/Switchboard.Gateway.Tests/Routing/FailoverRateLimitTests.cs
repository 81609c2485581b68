using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Switchboard.Abstractions.Governance;
using Switchboard.Gateway.Catalog;
using Switchboard.Gateway.Governance;
using Switchboard.Gateway.RateLimits;
using Switchboard.Gateway.Routing;
using Switchboard.Gateway.Tests.Catalog;
using Switchboard.Gateway.Tests.Fakes;

namespace Switchboard.Gateway.Tests.Routing;

/// <summary>A route's targets under their own per-model rate limits.</summary>
public sealed class FailoverRateLimitTests
{
    private readonly ManualTimeProvider _clock = new(new DateTimeOffset(2026, 11, 23, 12, 0, 15, TimeSpan.Zero));
    private readonly RateLimitOptions _limits = new() { Key = new RateLimit() };
    private readonly List<string> _calls = [];
    private readonly TestChatClient _inner = new();
    private readonly RateLimiter _limiter;
    private readonly FailoverChatClient _client;

    public FailoverRateLimitTests()
    {
        var options = new ModelCatalogOptions();
        options.Providers["p"] = CatalogFixtures.Provider(models: ["a", "b"]);
        var route = new RouteOptions { MaxAttempts = 1 };
        route.Targets.AddRange(["p:a", "p:b"]);
        options.Routes["chain"] = route;
        _limiter = new RateLimiter(_limits, new InProcessCounterStore(_clock), _clock);
        _client = new FailoverChatClient(_inner, CatalogFixtures.Build(options), _clock, circuits: null, _limiter);
        _inner.GetResponseAsyncCallback = (_, o, _) =>
        {
            _calls.Add(o!.ModelId!);
            return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, "ok")) { ModelId = o.ModelId });
        };
        _inner.GetStreamingResponseAsyncCallback = (_, o, ct) =>
        {
            _calls.Add(o!.ModelId!);
            return Words(o.ModelId!, ct);
        };
    }

    [Fact]
    public async Task TargetWithItsLimitUsedUp_IsPassedOverForTheNextAndSaysWhy()
    {
        _limits.Models["p:a"] = new RateLimit { RequestsPerMinute = 1 };

        var first = await _client.GetResponseAsync(Hi(), Model("chain"));
        var second = await _client.GetResponseAsync(Hi(), Model("chain"));

        Assert.Equal(["p:a", "p:b"], _calls);
        Assert.Equal("p:b", second.ModelId);
        Assert.False(first.AdditionalProperties!.ContainsKey(FailoverChatClient.FallbackReason));
        Assert.Equal("p:a: RateLimited (its limit in Switchboard)", second.AdditionalProperties![FailoverChatClient.FallbackReason]);
    }

    [Fact]
    public async Task EveryTargetsLimitUsedUp_RefusesWithTheLastLimit()
    {
        _limits.Models["p:a"] = new RateLimit { RequestsPerMinute = 1 };
        _limits.Models["p:b"] = new RateLimit { RequestsPerMinute = 1 };
        await _client.GetResponseAsync(Hi(), Model("chain"));
        await _client.GetResponseAsync(Hi(), Model("chain"));

        var exception = await Assert.ThrowsAsync<RateLimitExceededException>(() => _client.GetResponseAsync(Hi(), Model("chain")));

        Assert.Contains("model 'p:b' may make 1 requests per minute", exception.Message, StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromSeconds(45), exception.RetryAfter);
        Assert.Equal(["p:a", "p:b"], _calls);
    }

    [Fact]
    public async Task Streaming_TargetWithItsLimitUsedUp_IsPassedOver()
    {
        _limits.Models["p:a"] = new RateLimit { RequestsPerMinute = 1 };
        await _client.GetResponseAsync(Hi(), Model("chain"));

        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in _client.GetStreamingResponseAsync(Hi(), Model("chain")))
        {
            updates.Add(update);
        }

        Assert.Equal(["p:a", "p:b"], _calls);
        Assert.Equal("p:b", updates[0].ModelId);
        Assert.Equal("p:a: RateLimited (its limit in Switchboard)", updates[0].AdditionalProperties![FailoverChatClient.FallbackReason]);
    }

    [Fact]
    public async Task ModelCalledByName_IsNotCountedAgainHere()
    {
        // The rate-limit stage above admitted it under its own name.
        _limits.Models["p:a"] = new RateLimit { RequestsPerMinute = 1 };
        await _limiter.AdmitModelCallAsync("p:a", CancellationToken.None);

        await _client.GetResponseAsync(Hi(), Model("p:a"));

        Assert.Equal(["p:a"], _calls);
    }

    [Fact]
    public async Task TargetWithAnOpenCircuit_IsNotCountedAgainstItsLimit()
    {
        _limits.Models["p:a"] = new RateLimit { RequestsPerMinute = 3 };
        var circuits = new CircuitBreakerRegistry(new CircuitBreakerSettings { MinimumThroughput = 2, BreakDurationSeconds = 60 }, _clock);
        var options = new ModelCatalogOptions();
        options.Providers["p"] = CatalogFixtures.Provider(models: ["a", "b"]);
        var route = new RouteOptions { MaxAttempts = 1 };
        route.Targets.AddRange(["p:a", "p:b"]);
        options.Routes["chain"] = route;
        var client = new FailoverChatClient(_inner, CatalogFixtures.Build(options), _clock, circuits, _limiter);
        _inner.GetResponseAsyncCallback = (_, o, _) => throw new Abstractions.Errors.UpstreamException(Abstractions.Errors.UpstreamErrorKind.ServerError, "p", "down", 500);
        for (var i = 0; i < 2; i++)
        {
            await Assert.ThrowsAsync<Abstractions.Errors.UpstreamException>(() => client.GetResponseAsync(Hi(), Model("chain")));
        }

        Assert.True(circuits.IsOpen("p:a"));

        // p:b fails again, and p:a, tried last, fails fast without being called or counted.
        await Assert.ThrowsAsync<Abstractions.Errors.UpstreamException>(() => client.GetResponseAsync(Hi(), Model("chain")));

        await _limiter.AdmitModelCallAsync("p:a", CancellationToken.None);
        await Assert.ThrowsAsync<RateLimitExceededException>(() => _limiter.AdmitModelCallAsync("p:a", CancellationToken.None).AsTask());
    }

    [Theory]
    [InlineData("chain")]
    [InlineData("p:a")]
    public async Task RetriesOfATarget_CountAgainstItsLimit_AndARefusedRetryMovesOn(string model)
    {
        _limits.Models["p:a"] = new RateLimit { RequestsPerMinute = 2 };
        var options = new ModelCatalogOptions();
        options.Providers["p"] = CatalogFixtures.Provider(models: ["a", "b"]);
        var route = new RouteOptions { MaxAttempts = 3, RetryBaseDelayMs = 0 };
        route.Targets.AddRange(["p:a", "p:b"]);
        options.Routes["chain"] = route;
        options.Retries.MaxAttempts = 3;
        options.Retries.RetryBaseDelayMs = 0;
        var client = new FailoverChatClient(_inner, CatalogFixtures.Build(options), _clock, circuits: null, _limiter);
        _inner.GetResponseAsyncCallback = (_, o, _) =>
        {
            _calls.Add(o!.ModelId!);
            return o.ModelId == "p:a"
                ? throw new Abstractions.Errors.UpstreamException(Abstractions.Errors.UpstreamErrorKind.ServerError, "p", "down", 500)
                : Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, "ok")) { ModelId = o.ModelId });
        };
        if (model == "p:a")
        {
            // The rate-limit stage above admits a model called by name, once.
            await _limiter.AdmitModelCallAsync("p:a", CancellationToken.None);
        }

        var answer = model == "chain" ? await client.GetResponseAsync(Hi(), Model(model)) : null;
        if (model == "p:a")
        {
            await Assert.ThrowsAsync<RateLimitExceededException>(() => client.GetResponseAsync(Hi(), Model(model)));
        }

        // p:a's limit of 2 takes the first try and one retry; the third try is refused before it reaches p:a.
        Assert.Equal(model == "chain" ? ["p:a", "p:a", "p:b"] : ["p:a", "p:a"], _calls);
        Assert.Equal(model == "chain" ? "p:b" : null, answer?.ModelId);
    }

    [Fact]
    public async Task RetryRefusedByTheLimit_IsNotACallTheCircuitSaw()
    {
        // In each of two minutes, two tries reach p:a and fail and the third is refused by p:a's limit of 2. The circuit
        // (at least 4 calls, a 0.9 failure ratio) sees 4 failures in 4 calls and opens. Had each refusal counted as a
        // call that succeeded, it would see 4 failures in 5 calls after the second minute's failures, and stay closed.
        _limits.Models["p:a"] = new RateLimit { RequestsPerMinute = 2 };
        var circuits = new CircuitBreakerRegistry(
            new CircuitBreakerSettings { MinimumThroughput = 4, FailureRatio = 0.9, SamplingDurationSeconds = 300, BreakDurationSeconds = 60 }, _clock);
        var options = new ModelCatalogOptions();
        options.Providers["p"] = CatalogFixtures.Provider(models: ["a", "b"]);
        var route = new RouteOptions { MaxAttempts = 3, RetryBaseDelayMs = 0 };
        route.Targets.AddRange(["p:a", "p:b"]);
        options.Routes["chain"] = route;
        var client = new FailoverChatClient(_inner, CatalogFixtures.Build(options), _clock, circuits, _limiter);
        _inner.GetResponseAsyncCallback = (_, o, _) =>
        {
            _calls.Add(o!.ModelId!);
            return o.ModelId == "p:a"
                ? throw new Abstractions.Errors.UpstreamException(Abstractions.Errors.UpstreamErrorKind.ServerError, "p", "down", 500)
                : Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, "ok")) { ModelId = o.ModelId });
        };

        var first = await client.GetResponseAsync(Hi(), Model("chain"));
        Assert.False(circuits.IsOpen("p:a"));
        _clock.Advance(TimeSpan.FromMinutes(1));
        var second = await client.GetResponseAsync(Hi(), Model("chain"));

        Assert.Equal(["p:a", "p:a", "p:b", "p:a", "p:a", "p:b"], _calls);
        Assert.Equal(("p:b", "p:b"), (first.ModelId, second.ModelId));
        Assert.Equal(3, first.AdditionalProperties![FailoverChatClient.Attempts]);
        Assert.True(circuits.IsOpen("p:a"));
    }

    [Fact]
    public async Task LimitsDisabled_AreNotApplied()
    {
        _limits.Enabled = false;
        _limits.Models["p:a"] = new RateLimit { RequestsPerMinute = 1 };
        var client = new FailoverChatClient(_inner, CatalogFixtures.Build(Catalog()), _clock, circuits: null, new RateLimiter(_limits, new InProcessCounterStore(_clock), _clock));

        await client.GetResponseAsync(Hi(), Model("chain"));
        await client.GetResponseAsync(Hi(), Model("chain"));

        Assert.Equal(["p:a", "p:a"], _calls);

        static ModelCatalogOptions Catalog()
        {
            var options = new ModelCatalogOptions();
            options.Providers["p"] = CatalogFixtures.Provider(models: ["a", "b"]);
            var route = new RouteOptions();
            route.Targets.AddRange(["p:a", "p:b"]);
            options.Routes["chain"] = route;
            return options;
        }
    }

    private static List<ChatMessage> Hi() => [new(ChatRole.User, "hi")];

    private static ChatOptions Model(string model) => new() { ModelId = model };

    private static async IAsyncEnumerable<ChatResponseUpdate> Words(string model, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.Yield();
        yield return new ChatResponseUpdate(ChatRole.Assistant, "one") { ModelId = model };
        cancellationToken.ThrowIfCancellationRequested();
        yield return new ChatResponseUpdate(ChatRole.Assistant, " two") { ModelId = model };
    }
}
