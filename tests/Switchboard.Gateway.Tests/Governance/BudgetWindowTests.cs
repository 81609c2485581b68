using Microsoft.Extensions.AI;
using Switchboard.Abstractions.Governance;
using Switchboard.Gateway.Governance;
using Switchboard.Gateway.Tests.Fakes;
using static Switchboard.Gateway.Tests.Governance.BudgetFixtures;

namespace Switchboard.Gateway.Tests.Governance;

/// <summary>Day and month budgets start again with each UTC calendar day and month; total budgets never do.</summary>
public sealed class BudgetWindowTests
{
    private readonly TestChatClient _inner = new();
    private readonly ManualTimeProvider _clock;
    private readonly RecordingCounterStore _store;
    private readonly BudgetOptions _options = new();

    public BudgetWindowTests()
    {
        (_clock, _store) = Counters();
        _inner.GetResponseAsyncCallback = (_, _, _) => Task.FromResult(Answer("metered:priced", PromptBound, MaxOutput));
    }

    [Fact]
    public async Task GetResponseAsync_DayBudgetSpent_RefusesUntilUtcMidnightThenAdmits()
    {
        // Room for exactly one call a day.
        _options.Tenants["acme"] = [Limit(BudgetPeriod.Day, Usd(WorstCaseNano))];
        await Call();
        _clock.SetUtcNow(new DateTimeOffset(2026, 11, 21, 23, 59, 59, TimeSpan.Zero));

        var refusal = await Assert.ThrowsAsync<BudgetExceededException>(Call);
        _clock.Advance(TimeSpan.FromSeconds(1));
        await Call();

        Assert.Equal(TimeSpan.FromSeconds(1), refusal.RetryAfter);
        Assert.Equal(new DateTimeOffset(2026, 11, 22, 0, 0, 0, TimeSpan.Zero), refusal.ResetsAt);
        Assert.Equal(WorstCaseNano, await Spent("budget:tenant:acme:day:20261122"));
        Assert.Equal(0, await Spent("budget:tenant:acme:day:20261121"));
    }

    [Fact]
    public async Task GetResponseAsync_MonthBudgetSpent_RefusesUntilTheFirstOfTheNextMonth()
    {
        _options.Tenants["acme"] = [Limit(BudgetPeriod.Month, Usd(WorstCaseNano))];
        await Call();
        _clock.SetUtcNow(new DateTimeOffset(2026, 11, 30, 23, 0, 0, TimeSpan.Zero));

        var refusal = await Assert.ThrowsAsync<BudgetExceededException>(Call);
        _clock.Advance(TimeSpan.FromHours(1));
        await Call();

        Assert.Equal("tenant 'acme' monthly budget", refusal.Budget);
        Assert.Equal(TimeSpan.FromHours(1), refusal.RetryAfter);
        Assert.EndsWith("(resets at 2026-12-01T00:00:00Z).", refusal.Message, StringComparison.Ordinal);
        Assert.Equal(WorstCaseNano, await Spent("budget:tenant:acme:month:202612"));
    }

    [Fact]
    public async Task GetResponseAsync_TotalBudgetSpent_NeverResets()
    {
        _options.Conversation.Add(Limit(BudgetPeriod.Total, Usd(WorstCaseNano)));
        var context = new ModelCallContext { TenantId = "acme", ConversationId = "c1" };
        await Call(context);
        _clock.Advance(TimeSpan.FromDays(40));

        var refusal = await Assert.ThrowsAsync<BudgetExceededException>(() => Call(context));

        Assert.Equal("conversation 'c1' total budget", refusal.Budget);
        Assert.Null(refusal.RetryAfter);
        Assert.Null(refusal.ResetsAt);
        Assert.EndsWith("of $0.000226 left.", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetResponseAsync_CallSpansMidnight_SettlesInTheWindowItReservedIn()
    {
        _options.Tenants["acme"] = [Limit(BudgetPeriod.Day, 1m)];
        _clock.SetUtcNow(new DateTimeOffset(2026, 11, 21, 23, 59, 59, TimeSpan.Zero));
        _inner.GetResponseAsyncCallback = (_, _, _) =>
        {
            _clock.Advance(TimeSpan.FromSeconds(2));
            return Task.FromResult(Answer("metered:priced", 1, 1));
        };

        await Call();

        // The give-back went to the old day's counter; the new day's was never touched (it would be negative).
        Assert.Equal(0, await Spent("budget:tenant:acme:day:20261122"));
        Assert.Equal(WorstCaseNano, _store.Highest("budget:tenant:acme:day:20261121"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task GetResponseAsync_OneClientAcrossMidnight_CountsEachDayExactly(bool throughTheInterface)
    {
        // One client keeps its applied budgets per window: a stale one after midnight would charge the old day.
        var counters = new InProcessCounterStore(_clock);
        ICounterStore store = throughTheInterface ? new RecordingCounterStore(counters) : counters;
        _options.Tenants["acme"] = [Limit(BudgetPeriod.Day, Usd(2 * WorstCaseNano))];
        var client = Client(_inner, _options, store, _clock);
        _clock.SetUtcNow(new DateTimeOffset(2026, 11, 21, 23, 59, 0, TimeSpan.Zero));

        await Call(client);
        await Call(client);
        var spentBefore = await store.GetAsync("budget:tenant:acme:day:20261121", CancellationToken.None);
        var refusedBefore = await Assert.ThrowsAsync<BudgetExceededException>(() => Call(client));
        _clock.SetUtcNow(new DateTimeOffset(2026, 11, 22, 0, 0, 0, TimeSpan.Zero));
        await Call(client);
        await Call(client);
        var refusedAfter = await Assert.ThrowsAsync<BudgetExceededException>(() => Call(client));

        Assert.Equal(2 * WorstCaseNano, spentBefore);
        Assert.Equal(new DateTimeOffset(2026, 11, 22, 0, 0, 0, TimeSpan.Zero), refusedBefore.ResetsAt);
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 0, 0, 0, TimeSpan.Zero), refusedAfter.ResetsAt);
        Assert.Equal(2 * WorstCaseNano, await store.GetAsync("budget:tenant:acme:day:20261122", CancellationToken.None));
    }

    private static async Task Call(BudgetChatClient client)
    {
        using var scope = ModelCallContext.Push(Tenant("acme"));
        await client.GetResponseAsync(Hi(), Request());
    }

    private Task Call() => Call(Tenant("acme"));

    private async Task Call(ModelCallContext context)
    {
        using var scope = ModelCallContext.Push(context);
        await Client(_inner, _options, _store, _clock).GetResponseAsync(Hi(), Request());
    }

    private Task<long> Spent(string key) => _store.GetAsync(key, CancellationToken.None).AsTask();
}
