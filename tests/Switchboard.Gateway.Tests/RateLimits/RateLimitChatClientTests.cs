using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Switchboard.Abstractions.Chat;
using Switchboard.Abstractions.Governance;
using Switchboard.Gateway.Governance;
using Switchboard.Gateway.RateLimits;
using Switchboard.Gateway.Tests.Fakes;

namespace Switchboard.Gateway.Tests.RateLimits;

/// <summary>The model side: per-model limits on each call, and tokens counted from each call's usage.</summary>
public sealed class RateLimitChatClientTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 21, 12, 0, 15, TimeSpan.Zero);
    private static readonly ModelCallContext Acme = new() { TenantId = "acme", KeyId = "key_a", UserId = "alice" };
    private static readonly RateLimitSubject AcmeKey = new("acme", "key_a", "alice", null);

    private readonly ManualTimeProvider _clock = new(Start);
    private readonly RateLimitOptions _options = new() { Key = new RateLimit() };
    private readonly TestChatClient _inner = new();
    private readonly RateLimiter _limiter;
    private readonly RateLimitChatClient _client;

    public RateLimitChatClientTests()
    {
        _limiter = new RateLimiter(_options, new InProcessCounterStore(_clock), _clock);
        _client = new RateLimitChatClient(_inner, _limiter);
    }

    [Fact]
    public async Task GetResponseAsync_ModelRequestLimit_RefusesTheThirdCallOnly()
    {
        _options.Models["mock:m"] = new RateLimit { RequestsPerMinute = 2 };

        await _client.GetResponseAsync(Hi(), Model("mock:m"));
        await _client.GetResponseAsync(Hi(), Model("mock:m"));
        var exception = await Assert.ThrowsAsync<RateLimitExceededException>(() => _client.GetResponseAsync(Hi(), Model("mock:m")));

        Assert.Contains("model 'mock:m' may make 2 requests per minute", exception.Message, StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromSeconds(45), exception.RetryAfter);
        Assert.Equal(2, _inner.ReceivedOptions.Count);
    }

    [Fact]
    public async Task GetResponseAsync_ModelLimitUsedUp_LeavesOtherModelsAlone()
    {
        _options.Models["mock:m"] = new RateLimit { RequestsPerMinute = 2 };
        await _client.GetResponseAsync(Hi(), Model("mock:m"));
        await _client.GetResponseAsync(Hi(), Model("mock:m"));

        for (var i = 0; i < 5; i++)
        {
            await _client.GetResponseAsync(Hi(), Model("mock:other"));
        }

        await _client.GetResponseAsync(Hi());
        Assert.Equal(8, _inner.ReceivedOptions.Count);
    }

    [Fact]
    public async Task GetResponseAsync_ModelNamedInAnotherCase_CountsAgainstTheSameLimit()
    {
        _options.Models["mock:m"] = new RateLimit { RequestsPerMinute = 2 };
        await _client.GetResponseAsync(Hi(), Model("mock:m"));
        await _client.GetResponseAsync(Hi(), Model("Mock:M"));

        await Assert.ThrowsAsync<RateLimitExceededException>(() => _client.GetResponseAsync(Hi(), Model("MOCK:M")));
        Assert.Equal(2, _inner.ReceivedOptions.Count);
    }

    [Fact]
    public async Task GetResponseAsync_RouteOverride_IsTheModelThatIsLimited()
    {
        _options.Models["mock:m"] = new RateLimit { RequestsPerMinute = 1 };
        var options = new ChatOptions { ModelId = "mock:other", AdditionalProperties = new() { [ChatContentProperties.RouteOverride] = "mock:m" } };
        await _client.GetResponseAsync(Hi(), options);

        await Assert.ThrowsAsync<RateLimitExceededException>(() => _client.GetResponseAsync(Hi(), options.Clone()));
    }

    [Fact]
    public async Task GetResponseAsync_ResponseUsage_CountsAgainstTheCallersTokenLimit()
    {
        _options.Key = new RateLimit { TokensPerMinute = 100 };
        _inner.GetResponseAsyncCallback = (_, _, _) => Task.FromResult(Answer(new UsageDetails { TotalTokenCount = 60 }));
        using var scope = ModelCallContext.Push(Acme);

        await _client.GetResponseAsync(Hi(), Model("mock:m"));
        Assert.Equal(40, (await _limiter.AdmitRequestAsync(AcmeKey, CancellationToken.None)).TokensRemaining);
        await _client.GetResponseAsync(Hi(), Model("mock:m"));

        var exception = await Assert.ThrowsAsync<RateLimitExceededException>(() => _limiter.AdmitRequestAsync(AcmeKey, CancellationToken.None).AsTask());
        Assert.Contains("key 'key_a' may make 100 tokens per minute", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetResponseAsync_UsageWithoutTotal_CountsInputAndOutput()
    {
        _options.Key = new RateLimit { TokensPerMinute = 100 };
        _inner.GetResponseAsyncCallback = (_, _, _) => Task.FromResult(Answer(new UsageDetails { InputTokenCount = 12, OutputTokenCount = 30 }));
        using var scope = ModelCallContext.Push(Acme);

        await _client.GetResponseAsync(Hi(), Model("mock:m"));

        Assert.Equal(58, (await _limiter.AdmitRequestAsync(AcmeKey, CancellationToken.None)).TokensRemaining);
    }

    [Fact]
    public async Task GetResponseAsync_AnswerWithoutUsage_CountsAnUpperBound()
    {
        _options.Key = new RateLimit { TokensPerMinute = 10_000 };
        _inner.GetResponseAsyncCallback = (_, _, _) => Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, new string('x', 300))));
        using var scope = ModelCallContext.Push(Acme);

        await _client.GetResponseAsync(Hi(), Model("mock:m"));

        var bound = PromptTokenEstimator.EstimateUpperBound(Hi(), Model("mock:m")) + 300;
        Assert.Equal(10_000 - bound, (await _limiter.AdmitRequestAsync(AcmeKey, CancellationToken.None)).TokensRemaining);
    }

    [Fact]
    public async Task GetResponseAsync_ModelTokenLimitUsedUp_RefusesThatModelOnly()
    {
        _options.Models["mock:m"] = new RateLimit { TokensPerMinute = 50 };
        _inner.GetResponseAsyncCallback = (_, _, _) => Task.FromResult(Answer(new UsageDetails { TotalTokenCount = 50 }));

        await _client.GetResponseAsync(Hi(), Model("mock:m"));
        var exception = await Assert.ThrowsAsync<RateLimitExceededException>(() => _client.GetResponseAsync(Hi(), Model("mock:m")));
        await _client.GetResponseAsync(Hi(), Model("mock:other"));

        Assert.Contains("model 'mock:m' may make 50 tokens per minute", exception.Message, StringComparison.Ordinal);
        Assert.Equal(2, _inner.ReceivedOptions.Count);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_UsageAtTheEnd_IsCountedWhenTheStreamEnds()
    {
        _options.Key = new RateLimit { TokensPerMinute = 100 };
        _inner.GetStreamingResponseAsyncCallback = (_, _, ct) => Upstream(new UsageDetails { InputTokenCount = 20, OutputTokenCount = 50, TotalTokenCount = 70 }, ct);
        using var scope = ModelCallContext.Push(Acme);

        var text = string.Empty;
        await foreach (var update in _client.GetStreamingResponseAsync(Hi(), Model("mock:m")))
        {
            text += update.Text;

            // Nothing is known until the usage arrives.
            Assert.Equal(100, (await _limiter.AdmitRequestAsync(AcmeKey, CancellationToken.None)).TokensRemaining);
        }

        Assert.Equal("Hello", text);
        Assert.Equal(30, (await _limiter.AdmitRequestAsync(AcmeKey, CancellationToken.None)).TokensRemaining);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_CallerLeavesBeforeTheUsage_CountsAnUpperBound()
    {
        _options.Key = new RateLimit { TokensPerMinute = 1_000 };
        _inner.GetStreamingResponseAsyncCallback = (_, _, ct) => Upstream(new UsageDetails { InputTokenCount = 20, OutputTokenCount = 50, TotalTokenCount = 70 }, ct);
        using var scope = ModelCallContext.Push(Acme);

        // The caller reads the text and stops before the last update, which carries the usage.
        await foreach (var update in _client.GetStreamingResponseAsync(Hi(), Model("mock:m")))
        {
            if (update.Text == "lo")
            {
                break;
            }
        }

        var bound = PromptTokenEstimator.EstimateUpperBound(Hi(), Model("mock:m")) + "Hello".Length;
        Assert.Equal(1_000 - bound, (await _limiter.AdmitRequestAsync(AcmeKey, CancellationToken.None)).TokensRemaining);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_CallerLeavesAfterARunningUsage_CountsTheOutputReceivedToo()
    {
        _options.Key = new RateLimit { TokensPerMinute = 10_000 };
        _inner.GetStreamingResponseAsyncCallback = (_, _, ct) => RunningUsageFirst(ct);
        using var scope = ModelCallContext.Push(Acme);

        // As an Anthropic stream: the first update reports the input and one output token; the caller leaves after
        // 2,000 characters of text, before the final usage.
        await foreach (var update in _client.GetStreamingResponseAsync(Hi(), Model("mock:m")))
        {
            if (update.Text.Length > 0)
            {
                break;
            }
        }

        Assert.Equal(10_000 - (20 + 2_000), (await _limiter.AdmitRequestAsync(AcmeKey, CancellationToken.None)).TokensRemaining);

        static async IAsyncEnumerable<ChatResponseUpdate> RunningUsageFirst([EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            await Task.Yield();
            yield return new ChatResponseUpdate
            {
                Contents = [new UsageContent(new UsageDetails { InputTokenCount = 20, OutputTokenCount = 1, TotalTokenCount = 21 })],
                AdditionalProperties = new() { [ChatContentProperties.RunningUsage] = true },
            };
            cancellationToken.ThrowIfCancellationRequested();
            yield return new ChatResponseUpdate(ChatRole.Assistant, new string('x', 2_000));
            yield return new ChatResponseUpdate { Contents = [new UsageContent(new UsageDetails { InputTokenCount = 20, OutputTokenCount = 500, TotalTokenCount = 520 })] };
        }
    }

    [Fact]
    public async Task GetStreamingResponseAsync_ModelRequestLimit_RefusesBeforeCallingUpstream()
    {
        _options.Models["mock:m"] = new RateLimit { RequestsPerMinute = 1 };
        _inner.GetStreamingResponseAsyncCallback = (_, _, ct) => Upstream(new UsageDetails { TotalTokenCount = 1 }, ct);
        await foreach (var update in _client.GetStreamingResponseAsync(Hi(), Model("mock:m")))
        {
            Assert.NotNull(update);
        }

        await using var stream = _client.GetStreamingResponseAsync(Hi(), Model("mock:m")).GetAsyncEnumerator();

        await Assert.ThrowsAsync<RateLimitExceededException>(() => stream.MoveNextAsync().AsTask());
        Assert.Single(_inner.ReceivedOptions);
    }

    [Fact]
    public async Task GetResponseAsync_ThroughAPolicy_CountsThePolicyAndTheRouteItChose()
    {
        _options.Models["tiered"] = new RateLimit { RequestsPerMinute = 10 };
        _options.Models["fast"] = new RateLimit { RequestsPerMinute = 1 };

        await _client.GetResponseAsync(Hi(), Chosen("tiered", "fast"));
        await Assert.ThrowsAsync<RateLimitExceededException>(() => _client.GetResponseAsync(Hi(), Chosen("tiered", "fast")));
        await _client.GetResponseAsync(Hi(), Chosen("tiered", "smart"));

        Assert.Equal(2, _inner.ReceivedOptions.Count);
    }

    [Fact]
    public async Task GetResponseAsync_OneLimitRefuses_TheOtherNamesAreNotCounted()
    {
        _options.Models["tiered"] = new RateLimit { RequestsPerMinute = 2 };
        _options.Models["fast"] = new RateLimit { RequestsPerMinute = 1 };
        await _client.GetResponseAsync(Hi(), Chosen("tiered", "fast"));

        await Assert.ThrowsAsync<RateLimitExceededException>(() => _client.GetResponseAsync(Hi(), Chosen("tiered", "fast")));

        // The refused call took nothing of the policy's limit: one more call fits.
        await _client.GetResponseAsync(Hi(), Chosen("tiered", "smart"));
        await Assert.ThrowsAsync<RateLimitExceededException>(() => _client.GetResponseAsync(Hi(), Chosen("tiered", "smart")));
    }

    [Fact]
    public async Task GetResponseAsync_RouteTargetsTokens_CountAgainstTheServedModelsTokenLimit()
    {
        _options.Models["mock:a"] = new RateLimit { TokensPerMinute = 50 };
        _inner.GetResponseAsyncCallback = (_, _, _) => Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, "ok"))
        {
            ModelId = "mock:a",
            Usage = new UsageDetails { TotalTokenCount = 50 },
        });

        await _client.GetResponseAsync(Hi(), Model("chain"));

        var exception = await Assert.ThrowsAsync<RateLimitExceededException>(() => _limiter.AdmitModelCallAsync("mock:a", CancellationToken.None).AsTask());
        Assert.Contains("model 'mock:a' may make 50 tokens per minute", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_RouteTargetsTokens_CountAgainstTheServedModelsTokenLimit()
    {
        _options.Models["mock:a"] = new RateLimit { TokensPerMinute = 50 };
        _inner.GetStreamingResponseAsyncCallback = (_, _, ct) => Served("mock:a", new UsageDetails { TotalTokenCount = 50 }, ct);

        await foreach (var update in _client.GetStreamingResponseAsync(Hi(), Model("chain")))
        {
            Assert.NotNull(update);
        }

        await Assert.ThrowsAsync<RateLimitExceededException>(() => _limiter.AdmitModelCallAsync("mock:a", CancellationToken.None).AsTask());

        static async IAsyncEnumerable<ChatResponseUpdate> Served(string model, UsageDetails usage, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            await Task.Yield();
            yield return new ChatResponseUpdate(ChatRole.Assistant, "Hello") { ModelId = model };
            cancellationToken.ThrowIfCancellationRequested();
            yield return new ChatResponseUpdate { ModelId = model, Contents = [new UsageContent(usage)] };
        }
    }

    [Fact]
    public async Task GetResponseAsync_Disabled_CallsAndCountsNothing()
    {
        _options.Enabled = false;
        _options.Key = new RateLimit { TokensPerMinute = 100 };
        _options.Models["mock:m"] = new RateLimit { RequestsPerMinute = 1, TokensPerMinute = 1 };
        _inner.GetResponseAsyncCallback = (_, _, _) => Task.FromResult(Answer(new UsageDetails { TotalTokenCount = 500 }));
        _inner.GetStreamingResponseAsyncCallback = (_, _, ct) => Upstream(new UsageDetails { TotalTokenCount = 500 }, ct);
        using var scope = ModelCallContext.Push(Acme);

        for (var i = 0; i < 3; i++)
        {
            await _client.GetResponseAsync(Hi(), Model("mock:m"));
            await foreach (var update in _client.GetStreamingResponseAsync(Hi(), Model("mock:m")))
            {
                Assert.NotNull(update);
            }
        }

        _options.Enabled = true;
        Assert.Equal(100, (await _limiter.AdmitRequestAsync(AcmeKey, CancellationToken.None)).TokensRemaining);
        await _client.GetResponseAsync(Hi(), Model("mock:m"));
        Assert.Equal(7, _inner.ReceivedOptions.Count);
    }

    private static List<ChatMessage> Hi() => [new(ChatRole.User, "Hi")];

    private static ChatOptions Model(string model) => new() { ModelId = model };

    // As the routing-policy stage leaves a call: its choice in ModelId, the policy's name beside it.
    private static ChatOptions Chosen(string policy, string choice) =>
        new() { ModelId = choice, AdditionalProperties = new() { [ChatContentProperties.Policy] = policy } };

    private static ChatResponse Answer(UsageDetails usage) => new(new ChatMessage(ChatRole.Assistant, "ok")) { Usage = usage };

    private static async IAsyncEnumerable<ChatResponseUpdate> Upstream(UsageDetails usage, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.Yield();
        yield return new ChatResponseUpdate(ChatRole.Assistant, "Hel");
        cancellationToken.ThrowIfCancellationRequested();
        yield return new ChatResponseUpdate(ChatRole.Assistant, "lo");
        yield return new ChatResponseUpdate { Contents = [new UsageContent(usage)] };
    }
}
