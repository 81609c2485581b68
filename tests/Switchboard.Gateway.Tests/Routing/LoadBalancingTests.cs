using System.Collections.Concurrent;
using Microsoft.Extensions.AI;
using Switchboard.Abstractions.Errors;
using Switchboard.Gateway.Catalog;
using Switchboard.Gateway.Routing;
using Switchboard.Gateway.Tests.Catalog;
using Switchboard.Gateway.Tests.Fakes;

namespace Switchboard.Gateway.Tests.Routing;

public sealed class LoadBalancingTests
{
    private readonly ConcurrentQueue<string> _calls = new();

    [Fact]
    public async Task Weighted_SpreadsCallsInProportionToTheWeights()
    {
        var client = Create("weighted", [3, 1]);

        for (var i = 0; i < 400; i++)
        {
            await client.GetResponseAsync([new ChatMessage(ChatRole.User, "x")], new ChatOptions { ModelId = "pool" });
        }

        var share = _calls.Count(c => c == "p:a") / 400.0;
        Assert.InRange(share, 0.62, 0.88); // expected 0.75; six standard deviations either side
    }

    [Fact]
    public async Task LeastBusy_SendsTheNextCallToTheIdleTarget()
    {
        var release = new TaskCompletionSource();
        var client = Create("least-busy", [], blockOn: "p:a", release: release.Task);

        var first = client.GetResponseAsync([new ChatMessage(ChatRole.User, "1")], new ChatOptions { ModelId = "pool" });
        await WaitUntil(() => _calls.Contains("p:a"));
        var second = await client.GetResponseAsync([new ChatMessage(ChatRole.User, "2")], new ChatOptions { ModelId = "pool" });
        release.SetResult();
        await first;

        Assert.Equal("p:b", second.ModelId); // p:a had a call in flight
    }

    [Fact]
    public async Task LeastBusy_AStreamStillWaitingForItsFirstTokenCountsAsBusy()
    {
        var release = new TaskCompletionSource();
        var options = new ModelCatalogOptions();
        options.Providers["p"] = CatalogFixtures.Provider(models: ["a", "b"]);
        var route = new RouteOptions { Strategy = "least-busy", MaxAttempts = 1 };
        route.Targets.AddRange(["p:a", "p:b"]);
        options.Routes["pool"] = route;
        var inner = new TestChatClient
        {
            GetResponseAsyncCallback = (_, o, _) => Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, "ok")) { ModelId = o!.ModelId }),
            GetStreamingResponseAsyncCallback = (_, o, ct) =>
            {
                _calls.Enqueue(o!.ModelId!);
                return Stream(o.ModelId!, o.ModelId == "p:a" ? release.Task : Task.CompletedTask, ct);
            },
        };
        var client = new FailoverChatClient(inner, CatalogFixtures.Build(options), TimeProvider.System);

        var slow = client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "1")], new ChatOptions { ModelId = "pool" }).GetAsyncEnumerator();
        var waiting = slow.MoveNextAsync().AsTask();
        await WaitUntil(() => _calls.Contains("p:a"));
        var second = await client.GetResponseAsync([new ChatMessage(ChatRole.User, "2")], new ChatOptions { ModelId = "pool" });
        release.SetResult();
        Assert.True(await waiting);
        await slow.DisposeAsync();

        Assert.Equal("p:b", second.ModelId); // p:a's stream had not sent its first token, but it was in flight
    }

    private static async IAsyncEnumerable<ChatResponseUpdate> Stream(string model, Task firstToken, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await firstToken.WaitAsync(cancellationToken);
        yield return new ChatResponseUpdate(ChatRole.Assistant, "ok") { ModelId = model };
    }

    [Fact]
    public async Task OpenCircuit_IsTriedLast()
    {
        var circuits = new CircuitBreakerRegistry(new CircuitBreakerSettings { MinimumThroughput = 2, BreakDurationSeconds = 60 }, TimeProvider.System);
        var client = Create("ordered", [], failing: "p:a", circuits: circuits);
        for (var i = 0; i < 2; i++)
        {
            await client.GetResponseAsync([new ChatMessage(ChatRole.User, "x")], new ChatOptions { ModelId = "pool" });
        }

        while (_calls.TryDequeue(out _))
        {
        }

        await client.GetResponseAsync([new ChatMessage(ChatRole.User, "x")], new ChatOptions { ModelId = "pool" });

        Assert.Equal(["p:b"], _calls);
    }

    [Fact]
    public void Catalog_BadStrategyOrWeights_NameTheField()
    {
        var options = new ModelCatalogOptions();
        options.Providers["p"] = CatalogFixtures.Provider(models: ["a", "b"]);
        var route = new RouteOptions { Strategy = "round-robin" };
        route.Targets.AddRange(["p:a", "p:b"]);
        route.Weights.Add(1);
        options.Routes["pool"] = route;

        var exception = Assert.Throws<CatalogValidationException>(() => CatalogFixtures.Build(options));

        Assert.Contains(exception.Errors, e => e.StartsWith("Switchboard:Routes:pool:Strategy", StringComparison.Ordinal));
        Assert.Contains(exception.Errors, e => e.StartsWith("Switchboard:Routes:pool:Weights", StringComparison.Ordinal));
    }

    private FailoverChatClient Create(string strategy, double[] weights, string? blockOn = null, Task? release = null, string? failing = null, CircuitBreakerRegistry? circuits = null)
    {
        var options = new ModelCatalogOptions();
        options.Providers["p"] = CatalogFixtures.Provider(models: ["a", "b"]);
        var route = new RouteOptions { Strategy = strategy, MaxAttempts = 1 };
        route.Targets.AddRange(["p:a", "p:b"]);
        route.Weights.AddRange(weights);
        options.Routes["pool"] = route;
        var inner = new TestChatClient
        {
            GetResponseAsyncCallback = async (_, o, _) =>
            {
                _calls.Enqueue(o!.ModelId!);
                if (o.ModelId == blockOn && release is not null)
                {
                    await release;
                }

                if (o.ModelId == failing)
                {
                    throw new UpstreamException(UpstreamErrorKind.ServerError, "p", "down", 500);
                }

                return new ChatResponse(new ChatMessage(ChatRole.Assistant, "ok")) { ModelId = o.ModelId };
            },
        };
        return new FailoverChatClient(inner, CatalogFixtures.Build(options), TimeProvider.System, circuits);
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        for (var i = 0; i < 500 && !condition(); i++)
        {
            await Task.Delay(10);
        }

        Assert.True(condition());
    }
}
