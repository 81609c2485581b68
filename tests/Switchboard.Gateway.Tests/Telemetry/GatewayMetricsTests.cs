using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging.Abstractions;
using Switchboard.Abstractions.Chat;
using Switchboard.Abstractions.Errors;
using Switchboard.Gateway.Catalog;
using Switchboard.Gateway.Routing;
using Switchboard.Gateway.Telemetry;
using Switchboard.Gateway.Tests.Catalog;
using Switchboard.Gateway.Tests.Fakes;

namespace Switchboard.Gateway.Tests.Telemetry;

/// <summary>
/// What the telemetry stage and the failover stage record on the <c>Switchboard</c> meter. Each test marks its calls
/// with a provider name of its own, since the instruments are shared by every test running in parallel.
/// </summary>
public sealed class GatewayMetricsTests : IDisposable
{
    private readonly string _provider = $"p{Guid.NewGuid():N}";
    private readonly MeasurementRecorder _recorder;
    private readonly TestChatClient _inner = new();
    private readonly ModelCatalog _catalog;

    public GatewayMetricsTests()
    {
        _recorder = new MeasurementRecorder(_provider);
        var options = new ModelCatalogOptions();
        var metered = CatalogFixtures.Provider(models: ["unpriced"]);
        metered.Models.Add(new ModelOptions { Id = "priced", InputPricePerMillion = 2m, OutputPricePerMillion = 8m });
        metered.Models.Add(new ModelOptions { Id = "free", InputPricePerMillion = 0m, OutputPricePerMillion = 0m });
        options.Providers["metered"] = metered;
        _catalog = CatalogFixtures.Build(options);
    }

    public void Dispose() => _recorder.Dispose();

    [Fact]
    public async Task Completed_RecordsRequestDurationTokensAndCost()
    {
        _inner.GetResponseAsyncCallback = (_, _, _) => Answer("metered:priced", 1000, 500);
        using var client = Telemetry();

        await client.GetResponseAsync([new ChatMessage(ChatRole.User, "hi")], new ChatOptions { ModelId = "metered:priced" });

        var request = Assert.Single(_recorder.Of("switchboard.model.requests"));
        Assert.Equal(1, request.Value);
        Assert.Equal("metered:priced", request.Tags["model"]);
        Assert.Equal("metered:priced", request.Tags["route"]);
        Assert.Equal("ok", request.Tags["status"]);
        var duration = Assert.Single(_recorder.Of("gen_ai.client.operation.duration"));
        Assert.Equal("chat", duration.Tags["gen_ai.operation.name"]);
        Assert.Equal(_provider, duration.Tags["gen_ai.provider.name"]);
        Assert.False(duration.Tags.ContainsKey("error.type"));
        Assert.Equal([1000.0, 500.0], _recorder.Of("gen_ai.client.token.usage").Select(m => m.Value));
        Assert.Equal(["input", "output"], _recorder.Of("switchboard.model.tokens").Select(m => m.Tags["type"]));
        var cost = Assert.Single(_recorder.Of("switchboard.model.cost"));
        Assert.Equal((1000 * 2.0 + 500 * 8.0) / 1_000_000, cost.Value, 12);
        Assert.Empty(_recorder.Of("gen_ai.client.operation.time_to_first_chunk"));
    }

    [Theory]
    [InlineData("metered:unpriced", false)]
    [InlineData("metered:free", true)]
    public async Task Cost_IsRecordedOnlyWhenThePriceIsKnown_AndAKnownZeroIsZero(string model, bool recorded)
    {
        _inner.GetResponseAsyncCallback = (_, _, _) => Answer(model, 10, 10);
        using var client = Telemetry();

        await client.GetResponseAsync([new ChatMessage(ChatRole.User, "hi")], new ChatOptions { ModelId = model });

        Assert.Equal(recorded ? [0.0] : [], _recorder.Of("switchboard.model.cost").Select(m => m.Value));
        Assert.Single(_recorder.Of("switchboard.model.requests"));
    }

    [Fact]
    public async Task Failure_IsCountedWithItsErrorType()
    {
        _inner.GetResponseAsyncCallback = (_, _, _) => throw new UpstreamException(UpstreamErrorKind.RateLimited, _provider, "slow down", 429);
        using var client = Telemetry();

        await Assert.ThrowsAsync<UpstreamException>(() => client.GetResponseAsync([new ChatMessage(ChatRole.User, "hi")], new ChatOptions { ModelId = "metered:priced" }));

        var request = Assert.Single(_recorder.Of("switchboard.model.requests"));
        Assert.Equal("rate_limited", request.Tags["status"]);
        Assert.Equal("metered:priced", request.Tags["route"]);
        Assert.Equal("rate_limited", Assert.Single(_recorder.Of("gen_ai.client.operation.duration")).Tags["error.type"]);
        Assert.Empty(_recorder.Of("switchboard.model.tokens"));
    }

    [Fact]
    public async Task ACacheHit_IsCountedApartAndIsNoProviderLatency()
    {
        _inner.GetResponseAsyncCallback = async (messages, options, cancellationToken) =>
        {
            var response = await Answer("metered:priced", 1000, 500);
            response.AdditionalProperties![ChatContentProperties.CacheStatus] = ResponseCacheStatus.Hit;
            return response;
        };
        using var client = Telemetry();

        await client.GetResponseAsync([new ChatMessage(ChatRole.User, "hi")], new ChatOptions { ModelId = "metered:priced" });

        Assert.Equal("cache_hit", Assert.Single(_recorder.Of("switchboard.model.requests")).Tags["status"]);
        Assert.Empty(_recorder.Of("gen_ai.client.operation.duration"));
        Assert.Empty(_recorder.Of("switchboard.model.tokens"));
    }

    [Fact]
    public async Task TheGatewaysOwnRateLimit_IsNotAnUpstreams429()
    {
        _inner.GetResponseAsyncCallback = (_, _, _) => throw new Abstractions.Governance.RateLimitExceededException("The key's requests per minute were used up.");
        using var client = Telemetry();

        // Refused before any provider: the requested name is the only mark this call carries.
        await Assert.ThrowsAsync<Abstractions.Governance.RateLimitExceededException>(() =>
            client.GetResponseAsync([new ChatMessage(ChatRole.User, "hi")], new ChatOptions { ModelId = _provider }));

        var request = Assert.Single(_recorder.Of("switchboard.model.requests"));
        Assert.Equal(("rate_limit_refused", "unknown"), (request.Tags["status"], request.Tags["provider"]));
    }

    [Fact]
    public async Task UnknownModel_IsNotALabelValue()
    {
        _inner.GetResponseAsyncCallback = (_, _, _) => throw new ModelNotFoundException("no such model");
        using var client = Telemetry();
        using var marked = new MeasurementRecorder("model_not_found");

        await Assert.ThrowsAsync<ModelNotFoundException>(() => client.GetResponseAsync([new ChatMessage(ChatRole.User, "hi")], new ChatOptions { ModelId = "whatever-the-caller-typed" }));

        Assert.Contains(marked.Of("switchboard.model.requests"), m => m.Tags["route"] as string == "unknown" && m.Tags["model"] as string == "unknown");
        Assert.DoesNotContain(marked.Of("switchboard.model.requests"), m => m.Tags.Values.Contains("whatever-the-caller-typed"));
    }

    [Fact]
    public async Task Stream_RecordsTimeToFirstChunkOnce_AndTheCallWhenItEnds()
    {
        _inner.GetStreamingResponseAsyncCallback = (_, _, _) => Updates(_provider);
        using var client = Telemetry();

        await foreach (var _ in client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "hi")], new ChatOptions { ModelId = "metered:priced" }))
        {
            Assert.Empty(_recorder.Of("switchboard.model.requests"));
        }

        var first = Assert.Single(_recorder.Of("gen_ai.client.operation.time_to_first_chunk"));
        Assert.Equal("metered:priced", first.Tags["gen_ai.response.model"]);
        Assert.Equal("ok", Assert.Single(_recorder.Of("switchboard.model.requests")).Tags["status"]);
        Assert.Equal([3.0, 7.0], _recorder.Of("switchboard.model.tokens").Select(m => m.Value));

        static async IAsyncEnumerable<ChatResponseUpdate> Updates(string provider)
        {
            await Task.Yield();
            yield return new ChatResponseUpdate(ChatRole.Assistant, "a")
            {
                ModelId = "metered:priced",
                AdditionalProperties = new() { [ChatContentProperties.Provider] = provider },
            };
            yield return new ChatResponseUpdate(ChatRole.Assistant, "b") { ModelId = "metered:priced" };
            yield return new ChatResponseUpdate
            {
                ModelId = "metered:priced",
                FinishReason = ChatFinishReason.Stop,
                Contents = [new UsageContent(new UsageDetails { InputTokenCount = 3, OutputTokenCount = 7 })],
            };
        }
    }

    [Fact]
    public async Task Stream_AbandonedByTheConsumer_IsCountedAsCancelled()
    {
        _inner.GetStreamingResponseAsyncCallback = (_, _, ct) => Endless(_provider, ct);
        using var client = Telemetry();

        await foreach (var _ in client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "hi")], new ChatOptions { ModelId = "metered:priced" }))
        {
            break;
        }

        Assert.Single(_recorder.Of("gen_ai.client.operation.time_to_first_chunk"));
        Assert.Equal("cancelled", Assert.Single(_recorder.Of("switchboard.model.requests")).Tags["status"]);

        static async IAsyncEnumerable<ChatResponseUpdate> Endless(string provider, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            await Task.Yield();
            yield return new ChatResponseUpdate(ChatRole.Assistant, "a") { AdditionalProperties = new() { [ChatContentProperties.Provider] = provider } };
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
    }

    [Fact]
    public async Task Failover_CountsRetriesAndFallbacksByRouteTargetAndReason()
    {
        var options = new ModelCatalogOptions();
        options.Providers["p"] = CatalogFixtures.Provider(models: ["a", "b"]);
        var route = new RouteOptions { MaxAttempts = 2, RetryBaseDelayMs = 0 };
        route.Targets.AddRange(["p:a", "p:b"]);
        options.Routes[_provider] = route;
        _inner.GetResponseAsyncCallback = (_, o, _) => o!.ModelId == "p:a"
            ? throw new UpstreamException(UpstreamErrorKind.ServerError, "p", "boom", 500)
            : Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, "ok")) { ModelId = o.ModelId });
        using var client = new FailoverChatClient(_inner, CatalogFixtures.Build(options), TimeProvider.System);

        await client.GetResponseAsync([new ChatMessage(ChatRole.User, "hi")], new ChatOptions { ModelId = _provider });

        var retry = Assert.Single(_recorder.Of("switchboard.model.retries"));
        Assert.Equal(("p:a", "server_error"), (retry.Tags["target"], retry.Tags["reason"]));
        var fallback = Assert.Single(_recorder.Of("switchboard.model.fallbacks"));
        Assert.Equal(("p:a", "server_error"), (fallback.Tags["target"], fallback.Tags["reason"]));
    }

    private ModelCallTelemetryChatClient Telemetry() =>
        new(_inner, NullLogger<ModelCallTelemetryChatClient>.Instance, TimeProvider.System, _catalog);

    private Task<ChatResponse> Answer(string model, long input, long output) =>
        Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, "ok"))
        {
            ModelId = model,
            Usage = new UsageDetails { InputTokenCount = input, OutputTokenCount = output },
            AdditionalProperties = new() { [ChatContentProperties.Provider] = _provider },
        });
}
