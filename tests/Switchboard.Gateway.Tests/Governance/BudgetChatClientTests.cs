using Microsoft.Extensions.AI;
using Switchboard.Abstractions.Chat;
using Switchboard.Abstractions.Errors;
using Switchboard.Abstractions.Governance;
using Switchboard.Gateway.Governance;
using Switchboard.Gateway.Tests.Fakes;
using static Switchboard.Gateway.Tests.Governance.BudgetFixtures;

namespace Switchboard.Gateway.Tests.Governance;

public sealed class BudgetChatClientTests
{
    private const string TenantKey = "budget:tenant:acme:day:20261121";

    private readonly TestChatClient _inner = new();
    private readonly ManualTimeProvider _clock;
    private readonly RecordingCounterStore _store;
    private readonly BudgetOptions _options = new();

    public BudgetChatClientTests()
    {
        (_clock, _store) = Counters();
        _options.Tenants["acme"] = [Limit(BudgetPeriod.Day, 1m)];
    }

    [Fact]
    public async Task GetResponseAsync_UsageBelowTheWorstCase_GivesBackTheDifference()
    {
        long during = -1;
        _inner.GetResponseAsyncCallback = async (_, _, _) =>
        {
            during = await Spent();
            return Answer("metered:priced", 10, 20);
        };

        var response = await Call();

        Assert.Equal(WorstCaseNano, during);
        Assert.Equal((10 * 1 + 20 * 2) * 1_000, await Spent());
        Assert.Equal(Usd(WorstCaseNano), response.AdditionalProperties![ChatContentProperties.BudgetReservation]);
    }

    [Fact]
    public async Task GetResponseAsync_UpstreamFails_ReleasesTheWholeReservation()
    {
        _inner.GetResponseAsyncCallback = (_, _, _) => throw new UpstreamException(UpstreamErrorKind.ServerError, "metered", "boom", 500);

        await Assert.ThrowsAsync<UpstreamException>(() => Call());

        Assert.Equal(WorstCaseNano, _store.Highest(TenantKey));
        Assert.Equal(0, await Spent());
    }

    [Fact]
    public async Task GetResponseAsync_CancelledAfterTheRequestWasSent_KeepsThePromptsPart()
    {
        // The provider bills the prompt of a call the caller drops; released whole, calls dropped halfway would spend
        // without limit.
        using var cancellation = new CancellationTokenSource();
        _inner.GetResponseAsyncCallback = async (_, _, ct) =>
        {
            await cancellation.CancelAsync();
            ct.ThrowIfCancellationRequested();
            return Answer("metered:priced", 1, 1);
        };

        using (ModelCallContext.Push(Tenant("acme")))
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => CreateClient().GetResponseAsync(Hi(), Request(), cancellation.Token));
        }

        Assert.Equal(PromptBound * 1_000, await Spent());
    }

    [Fact]
    public async Task GetResponseAsync_CallsDroppedHalfway_RunOutTheBudget()
    {
        // A $1 budget and 26 prompt tokens at $1 per million: a client that always gives up still spends it.
        var calls = 0;
        _inner.GetResponseAsyncCallback = (_, _, _) =>
        {
            calls++;
            throw new UpstreamException(UpstreamErrorKind.Timeout, "metered", "did not answer", null);
        };
        _options.Tenants["acme"] = [Limit(BudgetPeriod.Day, 0.0005m)];

        var refused = 0;
        for (var i = 0; i < 100; i++)
        {
            if (await Record.ExceptionAsync(() => Call()) is BudgetExceededException)
            {
                refused++;
            }
        }

        Assert.True(refused > 0, "the budget ran out");
        Assert.True(calls < 100, $"{calls} calls reached the model");
    }

    [Fact]
    public async Task GetResponseAsync_NoUsageReported_KeepsTheWholeReservation()
    {
        _inner.GetResponseAsyncCallback = (_, _, _) => Task.FromResult(Answer("metered:priced", null, null));

        await Call();

        Assert.Equal(WorstCaseNano, await Spent());
    }

    [Fact]
    public async Task GetResponseAsync_OnlyOutputReported_TakesTheInputAtItsWorstCase()
    {
        _inner.GetResponseAsyncCallback = (_, _, _) => Task.FromResult(Answer("metered:priced", null, 10));

        await Call();

        Assert.Equal((PromptBound * 1 + 10 * 2) * 1_000, await Spent());
    }

    [Fact]
    public async Task GetResponseAsync_Route_ReservesAtTheHighestPricesOfItsTargetsAndSettlesAtTheAnsweringOnes()
    {
        long during = -1;
        _inner.GetResponseAsyncCallback = async (_, _, _) =>
        {
            during = await Spent();
            return Answer("metered:priced", PromptBound, MaxOutput);
        };

        var response = await Call(Request("smart"));

        // smart may fall back to pricey ($3 in, $10 out): (26 × 3 + 100 × 10) / 10^6 USD.
        Assert.Equal((PromptBound * 3 + MaxOutput * 10) * 1_000, during);
        Assert.Equal(WorstCaseNano, await Spent());
        Assert.Equal(0.001078m, response.AdditionalProperties![ChatContentProperties.BudgetReservation]);
    }

    [Fact]
    public async Task GetResponseAsync_ModelWithCachePrices_ReservesAtTheCacheWritePriceAndSettlesEachPart()
    {
        long during = -1;
        _inner.GetResponseAsyncCallback = async (_, _, _) =>
        {
            during = await Spent();
            var answer = Answer("metered:cached", 20, 10);
            answer.Usage!.CachedInputTokenCount = 10;
            answer.Usage.AdditionalCounts = new() { [UsageCounts.CacheWriteInputTokens] = 5 };
            return answer;
        };

        await Call(Request("metered:cached"));

        // A prompt token may be a cache write ($1.50): (26 × 1.5 + 100 × 2) / 10^6 USD.
        Assert.Equal((PromptBound * 15 / 10 + MaxOutput * 2) * 1_000, during);

        // 5 plain × 1 + 10 read × 0.1 + 5 written × 1.5 + 10 out × 2 = 33.5 per million.
        Assert.Equal(33_500, await Spent());
    }

    [Fact]
    public async Task GetResponseAsync_UsageAboveTheReservation_ChargesTheExcessAnyway()
    {
        _inner.GetResponseAsyncCallback = (_, _, _) => Task.FromResult(Answer("metered:priced", PromptBound, 300));

        await Call();

        Assert.Equal((PromptBound + 300 * 2) * 1_000, await Spent());
    }

    [Fact]
    public async Task GetResponseAsync_OneBudgetRefuses_ChangesNoCounterAndNeverCallsTheModel()
    {
        _options.Users["u1"] = [Limit(BudgetPeriod.Day, 0.0002m)];

        var refusal = await Assert.ThrowsAsync<BudgetExceededException>(
            () => Call(context: new ModelCallContext { TenantId = "acme", UserId = "u1" }));

        Assert.Equal("user 'u1' daily budget", refusal.Budget);
        Assert.Equal(BudgetScope.User, refusal.Scope);
        Assert.Equal(0.0002m, refusal.LimitUsd);
        Assert.Equal(Usd(WorstCaseNano), refusal.RequiredUsd);
        Assert.Equal(0, await Spent());
        Assert.Equal(0, _store.Highest(TenantKey));
        Assert.Empty(_inner.ReceivedOptions);
    }

    [Fact]
    public async Task GetResponseAsync_AfterARestart_EachCounterStartsOnceFromWhatTheLedgerRecorded()
    {
        // Before the restart acme spent all but half a call's worst case of its daily dollar.
        var spend = new FakeBudgetSpendSource();
        spend.Set(BudgetScope.Tenant, "acme", "acme", 1_000_000_000 - (WorstCaseNano / 2));
        _inner.GetResponseAsyncCallback = (_, _, _) => Task.FromResult(Answer("metered:priced", PromptBound, MaxOutput));
        var client = new BudgetChatClient(_inner, _options, _store, BudgetFixtures.Catalog(), _clock, Microsoft.Extensions.Logging.Abstractions.NullLogger<BudgetChatClient>.Instance, spend);

        var calls = Enumerable.Range(0, 10).Select(_ => Task.Run(async () =>
        {
            using var scope = ModelCallContext.Push(Tenant("acme"));
            return await Record.ExceptionAsync(() => client.GetResponseAsync(Hi(), Request()));
        }));
        var outcomes = await Task.WhenAll(calls);

        Assert.All(outcomes, e => Assert.IsType<BudgetExceededException>(e));
        Assert.Equal(1, spend.Reads);
        Assert.Equal(new DateTimeOffset(2026, 11, 21, 0, 0, 0, TimeSpan.Zero), Assert.Single(spend.Windows));
        Assert.Equal(1_000_000_000 - (WorstCaseNano / 2), await Spent());
        Assert.Empty(_inner.ReceivedOptions);
    }

    [Fact]
    public void GetResponseAsync_FirstCallsStartedTogetherOnManyThreads_ReadTheLedgerOnce()
    {
        _inner.GetResponseAsyncCallback = (_, _, _) => Task.FromResult(Answer("metered:priced", 1, 1));
        const int Threads = 8;

        // Each round is a new process: the first calls of one counter race on threads released at once.
        for (var round = 0; round < 40; round++)
        {
            var spend = new FakeBudgetSpendSource();
            var (clock, store) = Counters();
            var client = new BudgetChatClient(_inner, _options, store, BudgetFixtures.Catalog(), clock, Microsoft.Extensions.Logging.Abstractions.NullLogger<BudgetChatClient>.Instance, spend);
            using var start = new Barrier(Threads);
            var threads = Enumerable.Range(0, Threads).Select(_ => new Thread(() =>
            {
                using var scope = ModelCallContext.Push(Tenant("acme"));
                start.SignalAndWait();
                client.GetResponseAsync(Hi(), Request()).GetAwaiter().GetResult();
            })).ToList();
            threads.ForEach(t => t.Start());
            threads.ForEach(t => t.Join());

            Assert.Equal(1, spend.Reads);
        }
    }

    [Fact]
    public async Task GetResponseAsync_LedgerUnreadable_RefusesTheCallUncalledAndReadsAgainOnTheNextOne()
    {
        var spend = new FakeBudgetSpendSource { Fail = true };
        spend.Set(BudgetScope.Tenant, "acme", "acme", WorstCaseNano);
        _inner.GetResponseAsyncCallback = (_, _, _) => Task.FromResult(Answer("metered:priced", PromptBound, MaxOutput));
        var client = new BudgetChatClient(_inner, _options, _store, BudgetFixtures.Catalog(), _clock, Microsoft.Extensions.Logging.Abstractions.NullLogger<BudgetChatClient>.Instance, spend);
        using var scope = ModelCallContext.Push(Tenant("acme"));

        var refused = await Assert.ThrowsAsync<BudgetUnavailableException>(() => client.GetResponseAsync(Hi(), Request()));
        Assert.Empty(_inner.ReceivedOptions);
        spend.Fail = false;
        await client.GetResponseAsync(Hi(), Request());
        await client.GetResponseAsync(Hi(), Request());

        Assert.Contains("could not be read from the ledger", refused.Message, StringComparison.Ordinal);
        Assert.Equal(2, spend.Reads);

        // The spend recorded before the process started is on the counter, with the two calls made since.
        Assert.Equal(3 * WorstCaseNano, await Spent());
    }

    [Fact]
    public async Task GetResponseAsync_SameUserAndTeamInTwoTenants_EachTenantHasItsOwnCounters()
    {
        _options.Users["*"] = [Limit(BudgetPeriod.Day, Usd(WorstCaseNano * 3 / 2))];
        _options.Teams["*"] = [Limit(BudgetPeriod.Day, 1m)];
        _inner.GetResponseAsyncCallback = (_, _, _) => Task.FromResult(Answer("metered:priced", PromptBound, MaxOutput));

        // Tenant beta's key names the same user and team as acme's: its calls must not spend acme's allowance.
        await Call(context: new ModelCallContext { TenantId = "beta", KeyId = "key_b", UserId = "alice", TeamId = "support" });
        await Call(context: new ModelCallContext { TenantId = "acme", KeyId = "key_a", UserId = "alice", TeamId = "support" });

        Assert.Equal(WorstCaseNano, await Spent("budget:user:acme/alice:day:20261121"));
        Assert.Equal(WorstCaseNano, await Spent("budget:user:beta/alice:day:20261121"));
        Assert.Equal(WorstCaseNano, await Spent("budget:team:acme/support:day:20261121"));
        Assert.Equal(0, await Spent("budget:user:alice:day:20261121"));

        // A second call of beta's alice is refused by her own budget, not anyone else's.
        var refusal = await Assert.ThrowsAsync<BudgetExceededException>(() => Call(context: new ModelCallContext { TenantId = "beta", KeyId = "key_b", UserId = "alice" }));
        Assert.Equal(BudgetScope.User, refusal.Scope);
        Assert.Equal(WorstCaseNano, await Spent("budget:user:acme/alice:day:20261121"));
    }

    [Fact]
    public async Task GetResponseAsync_BudgetsOfEveryScope_ChargesEachCounterOnce()
    {
        _options.Teams["*"] = [Limit(BudgetPeriod.Day, 1m)];
        _options.Users["*"] = [Limit(BudgetPeriod.Month, 1m)];
        _options.Conversation.Add(Limit(BudgetPeriod.Total, 1m));
        _options.AgentRun.Add(Limit(BudgetPeriod.Total, 1m));
        var context = new ModelCallContext
        {
            TenantId = "acme",
            KeyId = "key_1",
            UserId = "u1",
            TeamId = "t1",
            ConversationId = "c1",
            AgentRunId = "r1",
            Budgets = [new BudgetLimit(BudgetScope.Key, BudgetPeriod.Month, 1m)],
        };
        _inner.GetResponseAsyncCallback = (_, _, _) => Task.FromResult(Answer("metered:priced", PromptBound, MaxOutput));

        await Call(context: context);

        string[] keys =
        [
            "budget:key:key_1:month:202611",
            "budget:user:acme/u1:month:202611",
            "budget:team:acme/t1:day:20261121",
            TenantKey,
            "budget:conversation:c1:total:all",
            "budget:agent_run:r1:total:all",
        ];
        foreach (var key in keys)
        {
            Assert.Equal(WorstCaseNano, await Spent(key));
        }

        Assert.Equal(1, _store.TryAddCalls);
    }

    [Fact]
    public async Task GetResponseAsync_SameCounterFromTheKeyAndTheConfiguration_ChargesOnceAtTheLowerLimit()
    {
        var context = new ModelCallContext { TenantId = "acme", Budgets = [new BudgetLimit(BudgetScope.Tenant, BudgetPeriod.Day, 0.0003m)] };
        _inner.GetResponseAsyncCallback = (_, _, _) => Task.FromResult(Answer("metered:priced", PromptBound, MaxOutput));

        await Call(context: context);
        var refusal = await Assert.ThrowsAsync<BudgetExceededException>(() => Call(context: context));

        Assert.Equal(WorstCaseNano, await Spent());
        Assert.Equal(0.0003m, refusal.LimitUsd);
        Assert.Equal(Usd(WorstCaseNano), refusal.SpentUsd);
    }

    [Fact]
    public async Task GetResponseAsync_NoContext_AppliesTheDefaultTenantsBudget()
    {
        _options.Tenants["*"] = [Limit(BudgetPeriod.Day, 0.0001m)];

        var refusal = await Assert.ThrowsAsync<BudgetExceededException>(() => CreateClient().GetResponseAsync(Hi(), Request()));

        Assert.Equal("tenant 'default' daily budget", refusal.Budget);
    }

    [Fact]
    public async Task GetResponseAsync_TenantWithLimitsOfItsOwn_IgnoresTheDefaultOnes()
    {
        _options.Tenants["*"] = [Limit(BudgetPeriod.Day, 0.0001m)];

        await Call();

        Assert.Equal(WorstCaseNano, await Spent());
        Assert.Equal(0, await Spent("budget:tenant:*:day:20261121"));
    }

    [Fact]
    public async Task GetResponseAsync_NoBudgetApplies_PassesTheCallersOptionsThrough()
    {
        var options = Request(maxOutput: null);

        var response = await Call(options, Tenant("other"));

        Assert.Same(options, Assert.Single(_inner.ReceivedOptions));
        Assert.Null(options.MaxOutputTokens);
        Assert.Null(response.AdditionalProperties);
        Assert.Equal(0, _store.TryAddCalls + _store.AddCalls);
    }

    [Fact]
    public async Task GetResponseAsync_Disabled_PassesTheCallersOptionsThrough()
    {
        _options.Enabled = false;
        var options = Request(maxOutput: null);

        await Call(options);

        Assert.Same(options, Assert.Single(_inner.ReceivedOptions));
        Assert.Equal(0, _store.TryAddCalls);
    }

    [Fact]
    public async Task GetResponseAsync_NoMaxTokens_SendsTheDefaultUpstreamAndReservesForIt()
    {
        _options.DefaultMaxOutputTokens = 512;
        var options = Request(maxOutput: null);
        long during = -1;
        _inner.GetResponseAsyncCallback = async (_, _, _) =>
        {
            during = await Spent();
            return Answer("metered:priced", null, null);
        };

        await Call(options);

        var sent = Assert.Single(_inner.ReceivedOptions);
        Assert.NotSame(options, sent);
        Assert.Equal(512, sent!.MaxOutputTokens);
        Assert.Equal("metered:priced", sent.ModelId);
        Assert.Null(options.MaxOutputTokens);
        Assert.Equal((PromptBound * 1 + 512 * 2) * 1_000, during);
    }

    [Fact]
    public async Task GetResponseAsync_MaxTokensGiven_SendsTheCallersOptions()
    {
        var options = Request();

        await Call(options);

        Assert.Same(options, Assert.Single(_inner.ReceivedOptions));
    }

    [Fact]
    public async Task GetResponseAsync_WorstCaseAboveTheConfiguredPerRequestMax_RefusesBeforeCounting()
    {
        _options.MaxCostPerRequestUsd = 0.0002m;

        var refusal = await Assert.ThrowsAsync<RequestCostLimitException>(() => Call());

        Assert.Equal(0.0002m, refusal.MaxCostUsd);
        Assert.Equal(Usd(WorstCaseNano), refusal.RequiredUsd);
        Assert.Equal("The request needs up to $0.000226 but one request may cost at most $0.0002; lower max_tokens, shorten the prompt or choose a cheaper model.", refusal.Message);
        Assert.Equal(0, _store.TryAddCalls);
        Assert.Empty(_inner.ReceivedOptions);
    }

    [Fact]
    public async Task GetResponseAsync_KeysPerRequestMaxBelowTheConfiguredOne_TheLowerWins()
    {
        _options.MaxCostPerRequestUsd = 1m;
        var context = new ModelCallContext { TenantId = "acme", MaxCostPerRequest = 0.0002m };

        var refusal = await Assert.ThrowsAsync<RequestCostLimitException>(() => Call(context: context));

        Assert.Equal(0.0002m, refusal.MaxCostUsd);
    }

    [Fact]
    public async Task GetResponseAsync_WithinThePerRequestMaxAndNoBudget_PassesWithMaxTokensSet()
    {
        _options.MaxCostPerRequestUsd = 0.01m;

        var response = await Call(Request(maxOutput: null), Tenant("other"));

        Assert.Equal(4096, Assert.Single(_inner.ReceivedOptions)!.MaxOutputTokens);
        Assert.Null(response.AdditionalProperties);
        Assert.Equal(0, _store.TryAddCalls + _store.AddCalls);
    }

    [Fact]
    public async Task GetResponseAsync_UnpricedModelUnderABudget_RefusesWithAClearError()
    {
        var refusal = await Assert.ThrowsAsync<UnpricedModelException>(() => Call(Request("metered:unpriced")));

        Assert.Equal("metered:unpriced", refusal.Model);
        Assert.Null(refusal.Route);
        Assert.Contains("InputPricePerMillion and OutputPricePerMillion", refusal.Message, StringComparison.Ordinal);
        Assert.Empty(_inner.ReceivedOptions);
    }

    [Fact]
    public async Task GetResponseAsync_RouteWithAnUnpricedTarget_RefusesNamingTheRoute()
    {
        var refusal = await Assert.ThrowsAsync<UnpricedModelException>(() => Call(Request("mixed")));

        Assert.Equal("metered:unpriced", refusal.Model);
        Assert.Equal("mixed", refusal.Route);
        Assert.StartsWith("Route 'mixed' may call model 'metered:unpriced', which has no price", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetResponseAsync_UnpricedModelWithoutBudgets_PassesThrough()
    {
        await Call(Request("metered:unpriced"), Tenant("other"));

        Assert.Single(_inner.ReceivedOptions);
    }

    [Fact]
    public async Task GetResponseAsync_Refused_DescribesTheBudgetAndWhenItResets()
    {
        _options.Tenants["acme"] = [Limit(BudgetPeriod.Day, 0.0004m)];
        _inner.GetResponseAsyncCallback = (_, _, _) => Task.FromResult(Answer("metered:priced", PromptBound, MaxOutput));
        await Call();

        var refusal = await Assert.ThrowsAsync<BudgetExceededException>(() => Call());

        Assert.Equal(
            "The request needs up to $0.000226 but tenant 'acme' daily budget has $0.000174 of $0.0004 left (resets at 2026-11-22T00:00:00Z).",
            refusal.Message);
        Assert.Equal(BudgetPeriod.Day, refusal.Period);
        Assert.Equal(0.000226m, refusal.SpentUsd);
        Assert.Equal(0.000174m, refusal.RemainingUsd);
        Assert.Equal(new DateTimeOffset(2026, 11, 22, 0, 0, 0, TimeSpan.Zero), refusal.ResetsAt);
        Assert.Equal(TimeSpan.FromHours(12), refusal.RetryAfter);
    }

    [Fact]
    public async Task GetResponseAsync_UnknownModelUnderABudget_ThrowsModelNotFound()
    {
        await Assert.ThrowsAsync<ModelNotFoundException>(() => Call(Request("nowhere:nothing")));

        Assert.Empty(_inner.ReceivedOptions);
    }

    [Fact]
    public void Constructor_InvalidOptions_ThrowsNamingTheField()
    {
        _options.Tenants["acme"] = [Limit(BudgetPeriod.Day, 0m)];

        var exception = Assert.Throws<ArgumentException>(CreateClient);

        Assert.Contains("Switchboard:Budgets:Tenants:acme:0:LimitUsd must be positive.", exception.Message, StringComparison.Ordinal);
    }

    private BudgetChatClient CreateClient() => Client(_inner, _options, _store, _clock);

    private async Task<ChatResponse> Call(ChatOptions? options = null, ModelCallContext? context = null)
    {
        using var scope = ModelCallContext.Push(context ?? Tenant("acme"));
        return await CreateClient().GetResponseAsync(Hi(), options ?? Request());
    }

    private Task<long> Spent(string key = TenantKey) => _store.GetAsync(key, CancellationToken.None).AsTask();
}
