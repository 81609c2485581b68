using Microsoft.Extensions.AI;
using Switchboard.Abstractions.Governance;
using Switchboard.Gateway.Governance;
using Switchboard.Gateway.Tests.Fakes;
using static Switchboard.Gateway.Tests.Governance.BudgetFixtures;

namespace Switchboard.Gateway.Tests.Governance;

/// <summary>
/// What the budget stage records on the <c>Switchboard</c> meter. Each test calls a route named after a marker of its
/// own (the instruments are shared by every test running in parallel).
/// </summary>
public sealed class BudgetMetricsTests : IDisposable
{
    private readonly string _marker = $"r{Guid.NewGuid():N}";
    private readonly MeasurementRecorder _recorder;
    private readonly TestChatClient _inner = new();
    private readonly BudgetOptions _options = new();

    public BudgetMetricsTests() => _recorder = new MeasurementRecorder(_marker);

    public void Dispose() => _recorder.Dispose();

    [Fact]
    public async Task Refusal_IsCountedWithTheScopeThatRefused()
    {
        _options.Teams["t1"] = [Limit(BudgetPeriod.Day, 0.0001m)];

        await Assert.ThrowsAsync<BudgetExceededException>(() => Call(new ModelCallContext { TenantId = "acme", TeamId = "t1" }));

        var rejection = Assert.Single(_recorder.Of("switchboard.budget.rejections"));
        Assert.Equal(1, rejection.Value);
        Assert.Equal("team", rejection.Tags["scope"]);
        Assert.Equal(_marker, rejection.Tags["model"]);
    }

    [Fact]
    public async Task PerRequestRefusal_IsCountedWithScopeRequest()
    {
        _options.MaxCostPerRequestUsd = 0.0001m;

        await Assert.ThrowsAsync<RequestCostLimitException>(() => Call(Tenant("acme")));

        Assert.Equal("request", Assert.Single(_recorder.Of("switchboard.budget.rejections")).Tags["scope"]);
    }

    [Fact]
    public async Task Overrun_IsCountedAndCharged_AndACallWithinItsReservationIsNot()
    {
        _options.Tenants["acme"] = [Limit(BudgetPeriod.Day, 1m)];

        // The answering model is unknown to the catalog, so the worst-case prices apply; 300 output tokens > 100.
        _inner.GetResponseAsyncCallback = (_, _, _) => Task.FromResult(Answer(_marker, PromptBound, 300));
        await Call(Tenant("acme"));
        _inner.GetResponseAsyncCallback = (_, _, _) => Task.FromResult(Answer(_marker, PromptBound, MaxOutput));
        await Call(Tenant("acme"));

        var overrun = Assert.Single(_recorder.Of("switchboard.budget.overrun"));
        Assert.Equal(1, overrun.Value);
        Assert.Empty(_recorder.Of("switchboard.budget.rejections"));
    }

    private async Task Call(ModelCallContext context)
    {
        var (clock, store) = Counters();
        using var scope = ModelCallContext.Push(context);
        var client = Client(_inner, _options, store, clock, BudgetFixtures.Catalog(_marker));
        await client.GetResponseAsync(Hi(), Request(_marker));
    }
}
