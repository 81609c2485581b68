using Switchboard.Abstractions.Governance;
using Switchboard.Gateway.Governance;
using static Switchboard.Gateway.Tests.Governance.BudgetFixtures;

namespace Switchboard.Gateway.Tests.Governance;

public sealed class BudgetOptionsTests
{
    [Fact]
    public void Defaults_AreEnabledWith4096TokensAndNoLimits()
    {
        var options = new BudgetOptions();

        Assert.True(options.Enabled);
        Assert.Equal(4096, options.DefaultMaxOutputTokens);
        Assert.Null(options.MaxCostPerRequestUsd);
        Assert.Empty(options.Tenants);
        Assert.Empty(options.Teams);
        Assert.Empty(options.Users);
        Assert.Empty(options.Conversation);
        Assert.Empty(options.AgentRun);
        Assert.Empty(options.Validate());
    }

    [Fact]
    public void Validate_BadValues_NamesEachField()
    {
        var options = new BudgetOptions { DefaultMaxOutputTokens = 0, MaxCostPerRequestUsd = -1m };
        options.Tenants["acme"] = [Limit(BudgetPeriod.Day, 10m), Limit(BudgetPeriod.Month, 0m)];
        options.Teams["*"] = [new BudgetLimitOptions { LimitUsd = 5m }];
        options.Users["u1"] = [new BudgetLimitOptions { Period = (BudgetPeriod)42, LimitUsd = 5m }];
        options.Conversation.Add(Limit(BudgetPeriod.Total, 2_000_000_000m));
        options.AgentRun.Add(Limit(BudgetPeriod.Total, -3m));

        Assert.Equal(
            [
                "Switchboard:Budgets:DefaultMaxOutputTokens must be at least 1.",
                "Switchboard:Budgets:MaxCostPerRequestUsd must be positive when set.",
                "Switchboard:Budgets:Tenants:acme:1:LimitUsd must be positive.",
                "Switchboard:Budgets:Teams:*:0:Period must be Day, Month or Total.",
                "Switchboard:Budgets:Users:u1:0:Period must be Day, Month or Total.",
                "Switchboard:Budgets:Conversation:0:LimitUsd must be at most 1000000000.",
                "Switchboard:Budgets:AgentRun:0:LimitUsd must be positive.",
            ],
            options.Validate());
    }
}
