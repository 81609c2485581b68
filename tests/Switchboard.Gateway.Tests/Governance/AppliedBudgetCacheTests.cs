using Switchboard.Abstractions.Governance;
using Switchboard.Gateway.Governance;

namespace Switchboard.Gateway.Tests.Governance;

public sealed class AppliedBudgetCacheTests
{
    private static readonly DateTimeOffset Noon = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);

    private readonly AppliedBudgetCache _cache = new();

    [Fact]
    public void Get_SameWindow_ReturnsTheBudgetMadeBefore()
    {
        var first = _cache.Get(BudgetScope.Tenant, "acme", BudgetPeriod.Day, 5m, Noon);

        var second = _cache.Get(BudgetScope.Tenant, "acme", BudgetPeriod.Day, 5m, Noon.AddHours(11).AddMinutes(59));

        Assert.Same(first, second);
        Assert.Equal("budget:tenant:acme:day:20261121", first.Key);
    }

    [Fact]
    public void Get_NextDay_MakesTheBudgetOfTheNewWindow()
    {
        var before = _cache.Get(BudgetScope.Key, "key_a", BudgetPeriod.Day, 5m, new DateTimeOffset(2026, 11, 21, 23, 59, 59, TimeSpan.Zero));

        var after = _cache.Get(BudgetScope.Key, "key_a", BudgetPeriod.Day, 5m, new DateTimeOffset(2026, 11, 22, 0, 0, 0, TimeSpan.Zero));

        Assert.Equal("budget:key:key_a:day:20261121", before.Key);
        Assert.Equal("budget:key:key_a:day:20261122", after.Key);
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 0, 0, 0, TimeSpan.Zero), after.WindowEnd);
    }

    [Fact]
    public void Get_ClockGoesBack_MakesTheBudgetOfTheEarlierWindow()
    {
        _cache.Get(BudgetScope.Tenant, "acme", BudgetPeriod.Month, 5m, new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero));

        var earlier = _cache.Get(BudgetScope.Tenant, "acme", BudgetPeriod.Month, 5m, new DateTimeOffset(2026, 11, 30, 23, 59, 59, TimeSpan.Zero));

        Assert.Equal("budget:tenant:acme:month:202611", earlier.Key);
    }

    [Fact]
    public void Get_OtherLimitOrScale_MakesItsOwnBudget()
    {
        var five = _cache.Get(BudgetScope.Tenant, "acme", BudgetPeriod.Day, 5m, Noon);

        var six = _cache.Get(BudgetScope.Tenant, "acme", BudgetPeriod.Day, 6m, Noon);
        var fivePointZero = _cache.Get(BudgetScope.Tenant, "acme", BudgetPeriod.Day, 5.0m, Noon);

        Assert.Equal(6m, six.LimitUsd);
        Assert.Equal("5.0", fivePointZero.LimitUsd.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(five.Key, six.Key);
    }

    [Fact]
    public void Get_ConversationTotal_ExpiresFromEachCall()
    {
        var first = _cache.Get(BudgetScope.Conversation, "c1", BudgetPeriod.Total, 5m, Noon);

        var later = _cache.Get(BudgetScope.Conversation, "c1", BudgetPeriod.Total, 5m, Noon.AddDays(3));

        Assert.Equal(Noon + AppliedBudget.EphemeralTotalLifetime, first.ExpiresAt);
        Assert.Equal(Noon.AddDays(3) + AppliedBudget.EphemeralTotalLifetime, later.ExpiresAt);
        Assert.Equal(0, _cache.Count);
    }

    [Fact]
    public void Get_AgentRunTotal_IsForgottenADayAfterItsLastCall()
    {
        var first = _cache.Get(BudgetScope.AgentRun, "run_1", BudgetPeriod.Total, 1m, Noon);
        var later = _cache.Get(BudgetScope.AgentRun, "run_1", BudgetPeriod.Total, 1m, Noon.AddMinutes(5));

        Assert.Equal(Noon.AddDays(1), first.ExpiresAt);
        Assert.Equal(Noon.AddMinutes(5).AddDays(1), later.ExpiresAt);
        Assert.Equal(0, _cache.Count);
    }

    [Fact]
    public void Get_KeyTotal_IsKeptForEver()
    {
        var first = _cache.Get(BudgetScope.Key, "key_a", BudgetPeriod.Total, 5m, Noon);

        var years = _cache.Get(BudgetScope.Key, "key_a", BudgetPeriod.Total, 5m, Noon.AddYears(3));

        Assert.Same(first, years);
        Assert.Equal(DateTimeOffset.MaxValue, years.ExpiresAt);
    }

    [Fact]
    public void Get_MoreBudgetsThanItKeeps_StaysBounded()
    {
        for (var i = 0; i < AppliedBudgetCache.MaxBudgets + 10; i++)
        {
            _cache.Get(BudgetScope.Key, $"key_{i}", BudgetPeriod.Day, 5m, Noon);
        }

        Assert.InRange(_cache.Count, 1, AppliedBudgetCache.MaxBudgets);
    }
}
