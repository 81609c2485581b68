using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Switchboard.Abstractions.Chat;
using Switchboard.Abstractions.Errors;
using Switchboard.Abstractions.Governance;
using Switchboard.Gateway.Governance;
using Switchboard.Gateway.Tests.Fakes;
using static Switchboard.Gateway.Tests.Governance.BudgetFixtures;

namespace Switchboard.Gateway.Tests.Governance;

/// <summary>A stream holds its reservation while it runs and is settled once, however it ends.</summary>
public sealed class BudgetStreamingTests
{
    private const string TenantKey = "budget:tenant:acme:day:20261121";

    private readonly TestChatClient _inner = new();
    private readonly RecordingCounterStore _store;
    private readonly BudgetChatClient _client;
    private bool _upstreamDisposed;

    public BudgetStreamingTests()
    {
        (var clock, _store) = Counters();
        var options = new BudgetOptions();
        options.Tenants["acme"] = [Limit(BudgetPeriod.Day, 1m)];
        _client = Client(_inner, options, _store, clock);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_StreamEnds_SettlesWithTheReportedUsage()
    {
        _inner.GetStreamingResponseAsyncCallback = (_, _, ct) => Upstream(usage: new UsageDetails { InputTokenCount = 10, OutputTokenCount = 20 }, ct: ct);
        using var scope = ModelCallContext.Push(Tenant("acme"));
        await using var stream = _client.GetStreamingResponseAsync(Hi(), Request()).GetAsyncEnumerator();

        Assert.True(await stream.MoveNextAsync());
        Assert.Equal(Usd(WorstCaseNano), stream.Current.AdditionalProperties![ChatContentProperties.BudgetReservation]);
        Assert.Equal(WorstCaseNano, await Spent());
        while (await stream.MoveNextAsync())
        {
            Assert.Equal(WorstCaseNano, await Spent());
        }

        Assert.Equal((10 * 1 + 20 * 2) * 1_000, await Spent());
    }

    [Fact]
    public async Task GetStreamingResponseAsync_StreamEndsWithoutUsage_KeepsTheReservation()
    {
        _inner.GetStreamingResponseAsyncCallback = (_, _, ct) => Upstream(usage: null, ct: ct);

        await Consume();

        Assert.Equal(WorstCaseNano, await Spent());
    }

    [Fact]
    public async Task GetStreamingResponseAsync_DisposedAfterOutput_KeepsTheReservationAndDisposesTheUpstream()
    {
        _inner.GetStreamingResponseAsyncCallback = (_, _, ct) => Upstream(usage: new UsageDetails { InputTokenCount = 1, OutputTokenCount = 1 }, ct: ct);
        using (ModelCallContext.Push(Tenant("acme")))
        {
            await using var stream = _client.GetStreamingResponseAsync(Hi(), Request()).GetAsyncEnumerator();
            Assert.True(await stream.MoveNextAsync());
        }

        // The consumer left before the usage arrived: the output produced so far has an unknown cost.
        Assert.True(_upstreamDisposed);
        Assert.Equal(WorstCaseNano, await Spent());
    }

    [Fact]
    public async Task GetStreamingResponseAsync_DisposedAfterTheUsage_SettlesWithIt()
    {
        _inner.GetStreamingResponseAsyncCallback = (_, _, ct) => Upstream(usage: new UsageDetails { InputTokenCount = 10, OutputTokenCount = 20 }, usageFirst: true, ct: ct);
        using (ModelCallContext.Push(Tenant("acme")))
        {
            await using var stream = _client.GetStreamingResponseAsync(Hi(), Request()).GetAsyncEnumerator();
            Assert.True(await stream.MoveNextAsync());
        }

        Assert.Equal((10 * 1 + 20 * 2) * 1_000, await Spent());
    }

    [Fact]
    public async Task GetStreamingResponseAsync_DisposedAfterARunningUsage_KeepsTheReservation()
    {
        _inner.GetStreamingResponseAsyncCallback = (_, _, ct) => RunningUsageFirst(ct);
        using (ModelCallContext.Push(Tenant("acme")))
        {
            await using var stream = _client.GetStreamingResponseAsync(Hi(), Request()).GetAsyncEnumerator();
            Assert.True(await stream.MoveNextAsync()); // the running usage
            Assert.True(await stream.MoveNextAsync()); // output
        }

        // Anthropic's first event reports the input and one output token; the output since then has an unknown cost.
        Assert.Equal(WorstCaseNano, await Spent());

        static async IAsyncEnumerable<ChatResponseUpdate> RunningUsageFirst([EnumeratorCancellation] CancellationToken ct = default)
        {
            await Task.Yield();
            yield return new ChatResponseUpdate
            {
                ModelId = "metered:priced",
                Contents = [new UsageContent(new UsageDetails { InputTokenCount = 10, OutputTokenCount = 1 })],
                AdditionalProperties = new() { [ChatContentProperties.RunningUsage] = true },
            };
            ct.ThrowIfCancellationRequested();
            yield return new ChatResponseUpdate(ChatRole.Assistant, "a long answer");
            yield return new ChatResponseUpdate { Contents = [new UsageContent(new UsageDetails { InputTokenCount = 10, OutputTokenCount = 20 })] };
        }
    }

    [Fact]
    public async Task GetStreamingResponseAsync_FailsBeforeTheFirstUpdate_ReleasesTheReservation()
    {
        _inner.GetStreamingResponseAsyncCallback = (_, _, ct) => Upstream(usage: null, failAfter: 0, ct: ct);

        await Assert.ThrowsAsync<UpstreamException>(Consume);

        Assert.Equal(WorstCaseNano, _store.Highest(TenantKey));
        Assert.Equal(0, await Spent());
    }

    [Fact]
    public async Task GetStreamingResponseAsync_TimesOutBeforeTheFirstUpdate_KeepsThePromptsPart()
    {
        // The provider had the prompt and may have billed it (a reasoning model thinking past the first-token limit).
        _inner.GetStreamingResponseAsyncCallback = (_, _, _) => TimesOut();

        await Assert.ThrowsAsync<UpstreamException>(Consume);

        Assert.Equal(PromptBound * 1_000, await Spent());

        static async IAsyncEnumerable<ChatResponseUpdate> TimesOut()
        {
            await Task.Yield();
            throw new UpstreamException(UpstreamErrorKind.Timeout, "metered", "sent no first token", null);
#pragma warning disable CS0162 // an iterator needs a yield
            yield break;
#pragma warning restore CS0162
        }
    }

    [Fact]
    public async Task GetStreamingResponseAsync_CallerLeavesBeforeTheFirstUpdate_KeepsThePromptsPart()
    {
        using var cancellation = new CancellationTokenSource();
        _inner.GetStreamingResponseAsyncCallback = (_, _, ct) => Upstream(usage: null, ct: ct);
        await cancellation.CancelAsync();

        using (ModelCallContext.Push(Tenant("acme")))
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
            {
                await foreach (var update in _client.GetStreamingResponseAsync(Hi(), Request(), cancellation.Token))
                {
                    Assert.NotNull(update);
                }
            });
        }

        Assert.Equal(PromptBound * 1_000, await Spent());
    }

    [Fact]
    public async Task GetStreamingResponseAsync_FailsAfterOutput_KeepsTheReservation()
    {
        _inner.GetStreamingResponseAsyncCallback = (_, _, ct) => Upstream(usage: null, failAfter: 1, ct: ct);

        await Assert.ThrowsAsync<UpstreamException>(Consume);

        Assert.Equal(WorstCaseNano, await Spent());
    }

    [Fact]
    public async Task GetStreamingResponseAsync_Refused_ThrowsOnTheFirstReadWithoutCallingTheModel()
    {
        var context = new ModelCallContext { TenantId = "acme", Budgets = [new BudgetLimit(BudgetScope.Tenant, BudgetPeriod.Day, 0.0001m)] };
        using var scope = ModelCallContext.Push(context);
        var stream = _client.GetStreamingResponseAsync(Hi(), Request());

        await Assert.ThrowsAsync<BudgetExceededException>(async () =>
        {
            await foreach (var update in stream)
            {
                Assert.Fail($"Unexpected update {update}.");
            }
        });

        Assert.Empty(_inner.ReceivedOptions);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_NoBudgetApplies_PassesTheCallersOptionsThrough()
    {
        var options = Request(maxOutput: null);
        using var scope = ModelCallContext.Push(Tenant("other"));

        await foreach (var update in _client.GetStreamingResponseAsync(Hi(), options))
        {
            Assert.Null(update.AdditionalProperties);
        }

        Assert.Same(options, Assert.Single(_inner.ReceivedOptions));
    }

    private async Task Consume()
    {
        using var scope = ModelCallContext.Push(Tenant("acme"));
        await foreach (var update in _client.GetStreamingResponseAsync(Hi(), Request()))
        {
            Assert.NotNull(update);
        }
    }

    private Task<long> Spent() => _store.GetAsync(TenantKey, CancellationToken.None).AsTask();

    /// <summary>Three text updates and, last (or first), one with the usage; optionally failing after some updates.</summary>
    private async IAsyncEnumerable<ChatResponseUpdate> Upstream(
        UsageDetails? usage,
        int failAfter = -1,
        bool usageFirst = false,
        [EnumeratorCancellation] CancellationToken ct = default)
    {
        try
        {
            var updates = new List<ChatResponseUpdate>
            {
                new(ChatRole.Assistant, "a") { ModelId = "metered:priced" },
                new(ChatRole.Assistant, "b"),
                new(ChatRole.Assistant, "c"),
            };
            if (usage is not null)
            {
                updates.Insert(usageFirst ? 0 : updates.Count, new ChatResponseUpdate(ChatRole.Assistant, [new UsageContent(usage)]) { ModelId = "metered:priced" });
            }

            for (var i = 0; i < updates.Count; i++)
            {
                await Task.Yield();
                ct.ThrowIfCancellationRequested();
                if (i == failAfter)
                {
                    throw new UpstreamException(UpstreamErrorKind.ServerError, "metered", "stream broke", 500);
                }

                yield return updates[i];
            }
        }
        finally
        {
            _upstreamDisposed = true;
        }
    }
}
