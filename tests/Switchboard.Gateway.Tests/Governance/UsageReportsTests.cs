using Switchboard.Abstractions.Governance;
using Switchboard.Gateway.Governance;
using Switchboard.Gateway.Tests.Fakes;

namespace Switchboard.Gateway.Tests.Governance;

public sealed class UsageReportsTests
{
    private static readonly DateOnly Day1 = new(2026, 3, 1);

    [Fact]
    public void Total_AddsUpEveryFieldOfTheRows()
    {
        UsageRow[] rows =
        [
            new() { Group = "a", Requests = 3, PromptTokens = 30, CompletionTokens = 9, CachedTokens = 4, ReasoningTokens = 2, CostUsd = 0.000000001m, SavedUsd = 0.5m, UnpricedRequests = 1, CacheHits = 1, Errors = 1 },
            new() { Group = null, Requests = 2, PromptTokens = 20, CompletionTokens = 6, CachedTokens = 0, ReasoningTokens = 1, CostUsd = 1.25m, SavedUsd = 0m, UnpricedRequests = 0, CacheHits = 0, Errors = 2 },
        ];

        var totals = UsageReports.Total(rows);

        Assert.Equal(
            new UsageTotals { Requests = 5, PromptTokens = 50, CompletionTokens = 15, CachedTokens = 4, ReasoningTokens = 3, CostUsd = 1.250000001m, SavedUsd = 0.5m, UnpricedRequests = 1, CacheHits = 1, Errors = 3 },
            totals);
        Assert.Equal(new UsageTotals(), UsageReports.Total([]));
    }

    [Fact]
    public void Rest_IsWhatTheTotalsHoldBeyondTheRows_InEveryField()
    {
        var all = new UsageTotals { Requests = 9, PromptTokens = 90, CompletionTokens = 20, CachedTokens = 5, ReasoningTokens = 4, CostUsd = 2m, SavedUsd = 0.75m, UnpricedRequests = 2, CacheHits = 3, Errors = 4 };
        UsageRow[] shown = [new() { Group = "a", Requests = 3, PromptTokens = 30, CompletionTokens = 9, CachedTokens = 4, ReasoningTokens = 2, CostUsd = 0.000000001m, SavedUsd = 0.5m, UnpricedRequests = 1, CacheHits = 1, Errors = 1 }];

        Assert.Equal(
            new UsageTotals { Requests = 6, PromptTokens = 60, CompletionTokens = 11, CachedTokens = 1, ReasoningTokens = 2, CostUsd = 1.999999999m, SavedUsd = 0.25m, UnpricedRequests = 1, CacheHits = 2, Errors = 3 },
            UsageReports.Rest(all, shown));
        Assert.Equal(all, UsageReports.Rest(all, []));
    }

    [Fact]
    public void Project_RisingLine_ContinuesIt()
    {
        var forecast = UsageReports.Project(History(1, 2, 3, 4, 5, 6, 7), Day1.AddDays(7), 7);

        Assert.Equal([8m, 9m, 10m, 11m, 12m, 13m, 14m], forecast.Days.Select(d => d.CostUsd));
        Assert.Equal(Enumerable.Range(7, 7).Select(i => Day1.AddDays(i)), forecast.Days.Select(d => d.Day));
        Assert.Equal(77m, forecast.TotalUsd);
        Assert.Equal(1m, forecast.TrendUsdPerDay);
    }

    [Fact]
    public void Project_NoisySeries_FollowsTheLeastSquaresLine()
    {
        // x̄ = 4, ȳ = 22/7, b = Σ(x − 4)·y / 28 = 14 / 28 = 0.5: day 8 is 22/7 + 0.5 × 4 = 36/7.
        var forecast = UsageReports.Project(History(1, 3, 2, 4, 3, 5, 4), Day1.AddDays(7), 7);

        Assert.Equal(0.5m, forecast.TrendUsdPerDay);
        Assert.Equal(
            [5.142857143m, 5.642857143m, 6.142857143m, 6.642857143m, 7.142857143m, 7.642857143m, 8.142857143m],
            forecast.Days.Select(d => d.CostUsd));
        Assert.Equal(46.500000001m, forecast.TotalUsd);
    }

    [Fact]
    public void Project_FallingLine_IsClampedAtZero()
    {
        var forecast = UsageReports.Project(History(7, 6, 5, 4, 3, 2, 1), Day1.AddDays(7), 7);

        Assert.Equal([0m, 0m, 0m, 0m, 0m, 0m, 0m], forecast.Days.Select(d => d.CostUsd));
        Assert.Equal(0m, forecast.TotalUsd);
        Assert.Equal(-1m, forecast.TrendUsdPerDay);
    }

    [Fact]
    public void Project_FlatSeries_StaysFlat()
    {
        var forecast = UsageReports.Project(History(2.5m, 2.5m, 2.5m, 2.5m, 2.5m, 2.5m, 2.5m), Day1.AddDays(7), 7);

        Assert.All(forecast.Days, d => Assert.Equal(2.5m, d.CostUsd));
        Assert.Equal(17.5m, forecast.TotalUsd);
    }

    [Fact]
    public async Task Forecast_ReadsTheLastSevenFullUtcDaysAndFillsDaysWithoutCalls()
    {
        var store = new FakeLedgerStore
        {
            Rows =
            [
                new UsageRow { Group = "2026-03-08", CostUsd = 1m },
                new UsageRow { Group = "2026-03-10", CostUsd = 3m, UnpricedRequests = 2 },
                new UsageRow { Group = "2026-03-14", CostUsd = 7m },
            ],
        };
        var reports = new UsageReports(store);

        var forecast = await reports.ForecastAsync("acme", new DateTimeOffset(2026, 3, 15, 1, 0, 0, TimeSpan.FromHours(2)));

        var query = Assert.Single(store.Queries);
        Assert.Equal(("acme", UsageGrouping.Day), (query.TenantId, query.GroupBy));
        Assert.Equal(new DateTimeOffset(2026, 3, 7, 0, 0, 0, TimeSpan.Zero), query.From);
        Assert.Equal(new DateTimeOffset(2026, 3, 14, 0, 0, 0, TimeSpan.Zero), query.To);

        // 01:00 at UTC+2 is still 14 March in UTC: the history is 7 to 13 March, the forecast starts on the 14th.
        Assert.Equal(Enumerable.Range(7, 7).Select(d => new DateOnly(2026, 3, d)), forecast.History.Select(d => d.Day));
        Assert.Equal([0m, 1m, 0m, 3m, 0m, 0m, 0m], forecast.History.Select(d => d.CostUsd));
        Assert.Equal(new DateOnly(2026, 3, 14), forecast.Days[0].Day);
        Assert.Equal(7, forecast.Days.Count);
        Assert.Equal(2, forecast.UnpricedRequests);
    }

    private static List<DailyCost> History(params decimal[] costs) =>
        [.. costs.Select((cost, i) => new DailyCost(Day1.AddDays(i), cost))];
}
