using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging.Abstractions;
using Switchboard.Abstractions.Catalog;
using Switchboard.Abstractions.Chat;
using Switchboard.Abstractions.Errors;
using Switchboard.Abstractions.Governance;
using Switchboard.Gateway.Catalog;
using Switchboard.Gateway.Governance;
using Switchboard.Gateway.Pipeline;
using Switchboard.Gateway.Tests.Catalog;
using Switchboard.Gateway.Tests.Fakes;

namespace Switchboard.Gateway.Tests.Governance;

public sealed class MeteringChatClientTests
{
    /// <summary>The unpriced model's name is this test class's own, so its metric is told apart from other tests'.</summary>
    private const string UnpricedModel = "local:metering-unpriced";

    private static readonly DateTimeOffset Start = new(2026, 3, 14, 9, 30, 0, TimeSpan.Zero);

    private readonly TestChatClient _inner = new();
    private readonly RecordingLedgerSink _sink = new();
    private readonly ManualClock _clock = new(Start);
    private readonly IModelCatalog _catalog = PricedCatalog();
    private readonly MeteringChatClient _client;

    public MeteringChatClientTests()
    {
        _client = new MeteringChatClient(_inner, _sink, _catalog, _clock, NullLogger<MeteringChatClient>.Instance);
    }

    [Fact]
    public async Task GetResponse_Success_RecordsOneEntryWithPricesAndExactCost()
    {
        _inner.GetResponseAsyncCallback = (_, _, _) =>
        {
            _clock.Advance(TimeSpan.FromMilliseconds(250));
            return Task.FromResult(Answer("openai:gpt-4o", "openai", new UsageDetails
            {
                InputTokenCount = 1234,
                OutputTokenCount = 567,
                CachedInputTokenCount = 1000,
                ReasoningTokenCount = 200,
            }));
        };

        await _client.GetResponseAsync([new ChatMessage(ChatRole.User, "hi")], new ChatOptions { ModelId = "smart" });

        var entry = Assert.Single(_sink.Entries);
        Assert.Matches("^led_[0-9a-z]{26}$", entry.Id);
        Assert.Equal(Start, entry.Timestamp);
        Assert.Equal(("smart", "openai", "openai:gpt-4o", false), (entry.Route, entry.Provider, entry.Model, entry.Streaming));
        Assert.Equal((1234L, 567L, 1000L, 200L), (entry.PromptTokens, entry.CompletionTokens, entry.CachedTokens, entry.ReasoningTokens));
        Assert.Equal((2.5m, 10.125m), (entry.InputPricePerMillion!.Value, entry.OutputPricePerMillion!.Value));
        Assert.Equal(PriceTable.VersionOf(_catalog), entry.PriceVersion);

        // 1234 × 2.5 / 10⁶ + 567 × 10.125 / 10⁶, exactly.
        Assert.Equal(0.008825875m, entry.CostUsd);
        Assert.False(entry.Unpriced);
        Assert.Equal((false, 0m), (entry.CacheHit, entry.SavedUsd));
        Assert.Equal(250, entry.LatencyMs);
        Assert.Null(entry.TimeToFirstTokenMs);
        Assert.Equal(("ok", (string?)null), (entry.Status, entry.ErrorClass));
    }

    [Fact]
    public async Task GetResponse_ModelWithCachePrices_ChargesCacheReadsAndWritesAtTheirOwnPrices()
    {
        var usage = new UsageDetails { InputTokenCount = 10_000, OutputTokenCount = 100, CachedInputTokenCount = 6_000 };
        usage.AdditionalCounts = new() { [UsageCounts.CacheWriteInputTokens] = 3_000 };
        _inner.GetResponseAsyncCallback = (_, _, _) => Task.FromResult(Answer("openai:cache-priced", "openai", usage));

        await _client.GetResponseAsync([new ChatMessage(ChatRole.User, "hi")], new ChatOptions { ModelId = "openai:cache-priced" });

        var entry = Assert.Single(_sink.Entries);
        Assert.Equal((10_000L, 6_000L), (entry.PromptTokens, entry.CachedTokens));

        // 1,000 plain × 3 + 6,000 read × 0.3 + 3,000 written × 3.75 + 100 out × 15, per million.
        Assert.Equal(0.01755m, entry.CostUsd);
        Assert.False(entry.Unpriced);
    }

    [Fact]
    public async Task GetResponse_WithContext_CopiesWhoTheCallIsFor()
    {
        var context = new ModelCallContext
        {
            TenantId = "acme",
            KeyId = "key_1",
            UserId = "alice",
            TeamId = "support",
            ConversationId = "conv_1",
            Agent = "refunds",
            AgentRunId = "run_1",
        };

        using (ModelCallContext.Push(context))
        {
            await _client.GetResponseAsync([new ChatMessage(ChatRole.User, "hi")], new ChatOptions { ModelId = "openai:gpt-4o-mini" });
        }

        var entry = Assert.Single(_sink.Entries);
        Assert.Equal(
            ("acme", "key_1", "alice", "support", "conv_1", "refunds", "run_1"),
            (entry.TenantId, entry.KeyId, entry.UserId, entry.TeamId, entry.ConversationId, entry.Agent, entry.AgentRunId));
    }

    [Fact]
    public async Task GetResponse_NoContext_ChargesTheDefaultTenant()
    {
        await _client.GetResponseAsync([new ChatMessage(ChatRole.User, "hi")], new ChatOptions { ModelId = "openai:gpt-4o-mini" });

        var entry = Assert.Single(_sink.Entries);
        Assert.Equal(ModelCallContext.DefaultTenant, entry.TenantId);
        Assert.Null(entry.KeyId);
        Assert.Null(entry.Agent);
    }

    [Fact]
    public async Task GetResponse_RouteOverride_IsTheRoute()
    {
        _inner.GetResponseAsyncCallback = (_, _, _) => Task.FromResult(Answer("openai:gpt-4o-mini", "openai", Usage(10, 10)));
        var options = new ChatOptions { ModelId = "openai:gpt-4o", AdditionalProperties = new() { [ChatContentProperties.RouteOverride] = "cheap" } };

        await _client.GetResponseAsync([new ChatMessage(ChatRole.User, "hi")], options);

        var entry = Assert.Single(_sink.Entries);
        Assert.Equal(("cheap", "openai:gpt-4o-mini"), (entry.Route, entry.Model));
    }

    [Fact]
    public async Task GetResponse_UnpricedModel_RecordsNoCostAndCountsIt()
    {
        using var metrics = new MeasurementRecorder(UnpricedModel);
        _inner.GetResponseAsyncCallback = (_, _, _) => Task.FromResult(Answer(UnpricedModel, "local", Usage(500, 100)));

        await _client.GetResponseAsync([new ChatMessage(ChatRole.User, "hi")], new ChatOptions { ModelId = UnpricedModel });

        var entry = Assert.Single(_sink.Entries);
        Assert.True(entry.Unpriced);
        Assert.Null(entry.CostUsd);
        Assert.Null(entry.InputPricePerMillion);
        Assert.Equal((500L, 100L), (entry.PromptTokens, entry.CompletionTokens));
        var counted = Assert.Single(metrics.Of("switchboard.ledger.unpriced"));
        Assert.Equal(1, counted.Value);
        Assert.Equal("local", counted.Tags["provider"]);
    }

    [Fact]
    public async Task GetResponse_CacheHit_CostsNothingAndRecordsTheSaving()
    {
        _inner.GetResponseAsyncCallback = (_, _, _) =>
        {
            var response = Answer("openai:gpt-4o-mini", "openai", Usage(2000, 1000));
            response.AdditionalProperties![ChatContentProperties.CacheStatus] = "hit";
            return Task.FromResult(response);
        };

        await _client.GetResponseAsync([new ChatMessage(ChatRole.User, "hi")], new ChatOptions { ModelId = "openai:gpt-4o-mini" });

        var entry = Assert.Single(_sink.Entries);
        Assert.True(entry.CacheHit);
        Assert.Equal(0m, entry.CostUsd);

        // 2000 × 0.15 / 10⁶ + 1000 × 0.6 / 10⁶.
        Assert.Equal(0.0009m, entry.SavedUsd);
        Assert.False(entry.Unpriced);
    }

    [Fact]
    public async Task GetResponse_CacheHitOnAModelWithoutPrice_CostsNothingKnown()
    {
        using var metrics = new MeasurementRecorder(UnpricedModel);
        _inner.GetResponseAsyncCallback = (_, _, _) =>
        {
            var response = Answer(UnpricedModel, "local", Usage(2000, 1000));
            response.AdditionalProperties![ChatContentProperties.CacheStatus] = "hit";
            return Task.FromResult(response);
        };

        await _client.GetResponseAsync([new ChatMessage(ChatRole.User, "hi")], new ChatOptions { ModelId = UnpricedModel });

        // The hit spent nothing, price or not; the original call was counted as unpriced when it was made.
        var entry = Assert.Single(_sink.Entries);
        Assert.Equal((0m, 0m, false), (entry.CostUsd, entry.SavedUsd, entry.Unpriced));
        Assert.Empty(metrics.Of("switchboard.ledger.unpriced"));
    }

    [Fact]
    public async Task GetResponse_UpstreamFailure_RecordsTheErrorAtNoCostAndRethrows()
    {
        _inner.GetResponseAsyncCallback = (_, _, _) =>
        {
            _clock.Advance(TimeSpan.FromMilliseconds(40));
            throw new UpstreamException(UpstreamErrorKind.RateLimited, "openai", "slow down", 429);
        };

        await Assert.ThrowsAsync<UpstreamException>(() =>
            _client.GetResponseAsync([new ChatMessage(ChatRole.User, "hi")], new ChatOptions { ModelId = "openai:gpt-4o" }));

        var entry = Assert.Single(_sink.Entries);
        Assert.Equal(("rate_limited", "RateLimited"), (entry.Status, entry.ErrorClass));
        Assert.Equal(("openai", "openai:gpt-4o", "openai:gpt-4o"), (entry.Provider, entry.Model, entry.Route));
        Assert.Equal((0L, 0L), (entry.PromptTokens, entry.CompletionTokens));
        Assert.Equal(0m, entry.CostUsd);
        Assert.False(entry.Unpriced);
        Assert.Equal(40, entry.LatencyMs);
    }

    [Fact]
    public async Task GetResponse_UnknownModel_RecordsModelNotFound()
    {
        _inner.GetResponseAsyncCallback = (_, _, _) => throw new ModelNotFoundException("no such model");

        await Assert.ThrowsAsync<ModelNotFoundException>(() =>
            _client.GetResponseAsync([new ChatMessage(ChatRole.User, "hi")], new ChatOptions { ModelId = "nope" }));

        var entry = Assert.Single(_sink.Entries);
        Assert.Equal(("model_not_found", "ModelNotFound"), (entry.Status, entry.ErrorClass));
        Assert.Null(entry.Model);
        Assert.Equal(0m, entry.CostUsd);
    }

    [Fact]
    public async Task GetResponse_SinkFails_StillReturnsTheAnswer()
    {
        _sink.Failure = new ObjectDisposedException("ledger");

        var response = await _client.GetResponseAsync([new ChatMessage(ChatRole.User, "hi")], new ChatOptions { ModelId = "openai:gpt-4o-mini" });

        Assert.Equal("ok", response.Text);
    }

    [Fact]
    public async Task EveryCall_IsOpenUntilItsEntryIsRecorded_WhateverWayItEnds()
    {
        var open = new List<int>();
        _inner.GetResponseAsyncCallback = (_, o, _) =>
        {
            open.Add(_sink.OpenCalls);
            return o!.ModelId == "openai:gpt-4o"
                ? throw new UpstreamException(UpstreamErrorKind.ServerError, "openai", "boom", 500)
                : Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, "ok")));
        };
        _inner.GetStreamingResponseAsyncCallback = (_, _, _) => Updates(_clock, Usage(10, 10));
        var hi = new ChatMessage[] { new(ChatRole.User, "hi") };

        await _client.GetResponseAsync(hi, new ChatOptions { ModelId = "openai:gpt-4o-mini" });
        await Assert.ThrowsAsync<UpstreamException>(() => _client.GetResponseAsync(hi, new ChatOptions { ModelId = "openai:gpt-4o" }));
        await foreach (var _ in _client.GetStreamingResponseAsync(hi, new ChatOptions { ModelId = "openai:gpt-4o-mini" }))
        {
            open.Add(_sink.OpenCalls);
        }

        await foreach (var _ in _client.GetStreamingResponseAsync(hi, new ChatOptions { ModelId = "openai:gpt-4o-mini" }))
        {
            break; // abandoned
        }

        Assert.Equal([1, 1, 1, 1, 1], open);
        Assert.Equal((4, 0, 4), (_sink.Calls, _sink.OpenCalls, _sink.Entries.Count));
    }

    [Fact]
    public async Task GetStreaming_Completed_RecordsOnceAtTheEndWithTimeToFirstToken()
    {
        _inner.GetStreamingResponseAsyncCallback = (_, _, _) => Updates(_clock, Usage(1_000_000, 100_000));
        var context = new ModelCallContext { TenantId = "acme", Agent = "triage" };

        var count = 0;
        using (ModelCallContext.Push(context))
        {
            await foreach (var _ in _client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "hi")], new ChatOptions { ModelId = "smart" }))
            {
                count++;
                Assert.Empty(_sink.Entries);
            }
        }

        Assert.Equal(3, count);
        var entry = Assert.Single(_sink.Entries);
        Assert.True(entry.Streaming);
        Assert.Equal(("acme", "triage"), (entry.TenantId, entry.Agent));
        Assert.Equal(("smart", "openai", "openai:gpt-4o-mini"), (entry.Route, entry.Provider, entry.Model));
        Assert.Equal((1_000_000L, 100_000L), (entry.PromptTokens, entry.CompletionTokens));

        // 10⁶ × 0.15 / 10⁶ + 10⁵ × 0.6 / 10⁶.
        Assert.Equal(0.21m, entry.CostUsd);
        Assert.Equal(100, entry.TimeToFirstTokenMs);
        Assert.Equal(400, entry.LatencyMs);
        Assert.Equal("ok", entry.Status);
    }

    [Fact]
    public async Task GetStreaming_CompletedWithoutUsage_RecordsTheCostAsUnknownNotFree()
    {
        _inner.GetStreamingResponseAsyncCallback = (_, _, _) => NoUsage();

        await foreach (var _ in _client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "hi")], new ChatOptions { ModelId = "openai:gpt-4o-mini" }))
        {
        }

        var entry = Assert.Single(_sink.Entries);
        Assert.Equal(("ok", 0L, 0L), (entry.Status, entry.PromptTokens, entry.CompletionTokens));
        Assert.Null(entry.CostUsd);
        Assert.True(entry.Unpriced);

        static async IAsyncEnumerable<ChatResponseUpdate> NoUsage()
        {
            await Task.Yield();
            yield return First("openai:gpt-4o-mini", "openai", "Hello");
            yield return new ChatResponseUpdate { FinishReason = ChatFinishReason.Stop };
        }
    }

    [Fact]
    public async Task GetStreaming_FailsMidStream_RecordsOneErrorEntryWithAnUnknownCost()
    {
        using var metrics = new MeasurementRecorder("openai:metering-cut");
        _inner.GetStreamingResponseAsyncCallback = (_, _, _) => FailAfterFirst();

        await Assert.ThrowsAsync<UpstreamException>(async () =>
        {
            await foreach (var _ in _client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "hi")], new ChatOptions { ModelId = "openai:metering-cut" }))
            {
            }
        });

        var entry = Assert.Single(_sink.Entries);
        Assert.Equal(("server_error", "ServerError"), (entry.Status, entry.ErrorClass));
        Assert.Equal("openai", entry.Provider);

        // The stream had begun: the provider billed something, and no usage says what. Unknown, not free; but the
        // model has a price, so the unpriced-model counter (whose alert asks for one) is not incremented.
        Assert.Null(entry.CostUsd);
        Assert.True(entry.Unpriced);
        Assert.Empty(metrics.Of("switchboard.ledger.unpriced"));

        static async IAsyncEnumerable<ChatResponseUpdate> FailAfterFirst()
        {
            await Task.Yield();
            yield return First("openai:metering-cut", "openai", "a");
            throw new UpstreamException(UpstreamErrorKind.ServerError, "openai", "boom", 500);
        }
    }

    [Fact]
    public async Task GetStreaming_CallerStopsReading_RecordsOneCancelledEntry()
    {
        _inner.GetStreamingResponseAsyncCallback = (_, _, _) => Updates(_clock, Usage(10, 10));

        await foreach (var _ in _client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "hi")], new ChatOptions { ModelId = "openai:gpt-4o-mini" }))
        {
            break;
        }

        var entry = Assert.Single(_sink.Entries);
        Assert.Equal(("cancelled", "Abandoned"), (entry.Status, entry.ErrorClass));
        Assert.Equal(100, entry.TimeToFirstTokenMs);
        Assert.Equal(100, entry.LatencyMs);
        Assert.Equal((0L, (decimal?)null, true), (entry.PromptTokens, entry.CostUsd, entry.Unpriced));
    }

    [Fact]
    public async Task GetStreaming_TokenCancelled_RecordsOneCancelledEntry()
    {
        using var cancellation = new CancellationTokenSource();
        _inner.GetStreamingResponseAsyncCallback = (_, _, token) => Slow(token);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var _ in _client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "hi")], new ChatOptions { ModelId = "openai:gpt-4o-mini" }, cancellation.Token))
            {
                await cancellation.CancelAsync();
            }
        });

        var entry = Assert.Single(_sink.Entries);
        Assert.Equal(("cancelled", "Cancelled"), (entry.Status, entry.ErrorClass));

        static async IAsyncEnumerable<ChatResponseUpdate> Slow([EnumeratorCancellation] CancellationToken cancellationToken)
        {
            yield return First("openai:gpt-4o-mini", "openai", "a");
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
    }

    [Fact]
    public async Task GetStreaming_CacheHit_CostsNothingAndRecordsTheSaving()
    {
        _inner.GetStreamingResponseAsyncCallback = (_, _, _) => Hit();

        await foreach (var _ in _client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "hi")], new ChatOptions { ModelId = "openai:gpt-4o" }))
        {
        }

        var entry = Assert.Single(_sink.Entries);

        // 1000 × 2.5 / 10⁶ + 2000 × 10.125 / 10⁶.
        Assert.Equal((true, 0m, 0.02275m), (entry.CacheHit, entry.CostUsd, entry.SavedUsd));

        static async IAsyncEnumerable<ChatResponseUpdate> Hit()
        {
            await Task.Yield();
            var first = First("openai:gpt-4o", "openai", "cached");
            first.AdditionalProperties![ChatContentProperties.CacheStatus] = "hit";
            yield return first;
            yield return new ChatResponseUpdate(ChatRole.Assistant, [new UsageContent(Usage(1000, 2000))]) { ModelId = "openai:gpt-4o" };
        }
    }

    [Fact]
    public async Task UseMetering_TakesTheSinkAndCatalogFromTheServices()
    {
        var services = new Services { [typeof(ILedgerSink)] = _sink, [typeof(IModelCatalog)] = _catalog, [typeof(TimeProvider)] = _clock };
        var pipeline = new ChatPipelineBuilder().UseMetering().Build(_inner, services);

        await pipeline.GetResponseAsync([new ChatMessage(ChatRole.User, "hi")], new ChatOptions { ModelId = "openai:gpt-4o-mini" });

        Assert.IsType<MeteringChatClient>(pipeline);
        Assert.Equal(Start, Assert.Single(_sink.Entries).Timestamp);
    }

    private static ModelCatalog PricedCatalog()
    {
        var options = new ModelCatalogOptions();
        var openai = CatalogFixtures.Provider();
        openai.Models.Add(new ModelOptions { Id = "gpt-4o-mini", InputPricePerMillion = 0.15m, OutputPricePerMillion = 0.6m });
        openai.Models.Add(new ModelOptions { Id = "gpt-4o", InputPricePerMillion = 2.5m, OutputPricePerMillion = 10.125m });
        openai.Models.Add(new ModelOptions { Id = "metering-cut", InputPricePerMillion = 1m, OutputPricePerMillion = 2m });
        openai.Models.Add(new ModelOptions
        {
            Id = "cache-priced",
            InputPricePerMillion = 3m,
            OutputPricePerMillion = 15m,
            CachedInputPricePerMillion = 0.3m,
            CacheWritePricePerMillion = 3.75m,
        });
        options.Providers["openai"] = openai;
        options.Providers["local"] = CatalogFixtures.Provider("http://127.0.0.1:11434/v1", "metering-unpriced");
        return CatalogFixtures.Build(options);
    }

    private static UsageDetails Usage(long input, long output) => new() { InputTokenCount = input, OutputTokenCount = output };

    private static ChatResponse Answer(string model, string provider, UsageDetails usage) =>
        new(new ChatMessage(ChatRole.Assistant, "ok"))
        {
            ModelId = model,
            Usage = usage,
            AdditionalProperties = new() { [ChatContentProperties.Provider] = provider },
        };

    private static ChatResponseUpdate First(string model, string provider, string text) =>
        new(ChatRole.Assistant, text)
        {
            ModelId = model,
            AdditionalProperties = new() { [ChatContentProperties.Provider] = provider },
        };

    /// <summary>Three updates: the first after 100 ms, the last (with the usage) 300 ms later.</summary>
    private static async IAsyncEnumerable<ChatResponseUpdate> Updates(ManualClock clock, UsageDetails usage)
    {
        await Task.Yield();
        clock.Advance(TimeSpan.FromMilliseconds(100));
        yield return First("openai:gpt-4o-mini", "openai", "a");
        clock.Advance(TimeSpan.FromMilliseconds(200));
        yield return new ChatResponseUpdate(ChatRole.Assistant, "b") { ModelId = "openai:gpt-4o-mini" };
        clock.Advance(TimeSpan.FromMilliseconds(100));
        yield return new ChatResponseUpdate(ChatRole.Assistant, [new UsageContent(usage)]) { ModelId = "openai:gpt-4o-mini", FinishReason = ChatFinishReason.Stop };
    }

    private sealed class Services : Dictionary<Type, object>, IServiceProvider
    {
        public object? GetService(Type serviceType) => TryGetValue(serviceType, out var service) ? service : null;
    }
}
