using Microsoft.Extensions.AI;
using Switchboard.Abstractions.Catalog;
using Switchboard.Abstractions.Governance;
using Switchboard.Gateway.Governance;
using Switchboard.Gateway.Pipeline;
using Switchboard.Gateway.Tests.Fakes;
using static Switchboard.Gateway.Tests.Governance.BudgetFixtures;

namespace Switchboard.Gateway.Tests.Governance;

public sealed class BudgetPipelineExtensionsTests
{
    [Fact]
    public async Task UseBudgets_WithItsServices_EnforcesTheConfiguredBudgets()
    {
        var (clock, store) = Counters();
        var options = new BudgetOptions();
        options.Tenants["acme"] = [Limit(BudgetPeriod.Day, Usd(WorstCaseNano))];
        var services = new Services
        {
            [typeof(BudgetOptions)] = options,
            [typeof(ICounterStore)] = store,
            [typeof(IModelCatalog)] = BudgetFixtures.Catalog(),
            [typeof(TimeProvider)] = clock,
        };
        var inner = new TestChatClient { GetResponseAsyncCallback = (_, _, _) => Task.FromResult(Answer("metered:priced", PromptBound, MaxOutput)) };
        var client = new ChatPipelineBuilder().UseBudgets().Build(inner, services);
        using var scope = ModelCallContext.Push(Tenant("acme"));

        await client.GetResponseAsync(Hi(), Request());
        await Assert.ThrowsAsync<BudgetExceededException>(() => client.GetResponseAsync(Hi(), Request()));

        Assert.IsType<BudgetChatClient>(client);
        Assert.Equal(WorstCaseNano, await store.GetAsync("budget:tenant:acme:day:20261121", CancellationToken.None));
    }

    [Fact]
    public void UseBudgets_NoCounterStore_FailsWhenBuilt()
    {
        var services = new Services { [typeof(IModelCatalog)] = BudgetFixtures.Catalog() };

        Assert.Throws<InvalidOperationException>(() => new ChatPipelineBuilder().UseBudgets().Build(new TestChatClient(), services));
    }

    private sealed class Services : Dictionary<Type, object>, IServiceProvider
    {
        public object? GetService(Type serviceType) => TryGetValue(serviceType, out var service) ? service : null;
    }
}
