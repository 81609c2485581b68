using System.Globalization;
using Switchboard.Abstractions.Governance;

namespace Switchboard.Gateway.Governance;

/// <summary>
/// The usage reports over the cost ledger: sums by a grouping, totals, the costliest conversations, and a cost
/// forecast. Every report is for one tenant.
/// </summary>
public sealed class UsageReports
{
    /// <summary>The number of full days a forecast is drawn from, and the number of days it projects.</summary>
    public const int ForecastDays = 7;

    private readonly ILedgerStore _store;

    /// <summary>Initializes a new instance of the <see cref="UsageReports"/> class.</summary>
    public UsageReports(ILedgerStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        _store = store;
    }

    /// <summary>
    /// Sums the entries <paramref name="query"/> covers by its grouping, at most <paramref name="limit"/> groups, with
    /// the totals of all of them from the same read.
    /// </summary>
    public Task<UsageReport> ReportAsync(UsageQuery query, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        return _store.ReportAsync(query, limit, cancellationToken);
    }

    /// <summary>What <paramref name="totals"/> holds beyond <paramref name="rows"/>: the groups a limited report left out.</summary>
    public static UsageTotals Rest(UsageTotals totals, IReadOnlyList<UsageRow> rows)
    {
        ArgumentNullException.ThrowIfNull(totals);
        return Combine(totals, Total(rows), -1);
    }

    /// <summary>Adds up rows (e.g. to check or complete a report's totals).</summary>
    public static UsageTotals Total(IReadOnlyList<UsageRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var totals = new UsageTotals();
        foreach (var row in rows)
        {
            totals = Combine(totals, row, 1);
        }

        return totals;
    }

    /// <summary>Sums all entries <paramref name="query"/> covers.</summary>
    public Task<UsageTotals> TotalsAsync(UsageQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        return _store.TotalsAsync(query, cancellationToken);
    }

    /// <summary>Returns the conversations that cost the most, highest first.</summary>
    public Task<IReadOnlyList<UsageRow>> TopConversationsAsync(UsageQuery query, int limit = 10, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        return _store.TopConversationsAsync(query, limit, cancellationToken);
    }

    /// <summary>Reads the entries <paramref name="query"/> covers, oldest first (e.g. for <see cref="CsvExport"/>).</summary>
    public IAsyncEnumerable<LedgerEntry> ExportAsync(UsageQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        return _store.ExportAsync(query, cancellationToken);
    }

    // a + sign * b, field by field; UsageRow's group is not carried.
    private static UsageTotals Combine(UsageTotals a, UsageTotals b, int sign) => new()
    {
        Requests = a.Requests + (sign * b.Requests),
        PromptTokens = a.PromptTokens + (sign * b.PromptTokens),
        CompletionTokens = a.CompletionTokens + (sign * b.CompletionTokens),
        CachedTokens = a.CachedTokens + (sign * b.CachedTokens),
        ReasoningTokens = a.ReasoningTokens + (sign * b.ReasoningTokens),
        CostUsd = a.CostUsd + (sign * b.CostUsd),
        SavedUsd = a.SavedUsd + (sign * b.SavedUsd),
        UnpricedRequests = a.UnpricedRequests + (sign * b.UnpricedRequests),
        CacheHits = a.CacheHits + (sign * b.CacheHits),
        Errors = a.Errors + (sign * b.Errors),
    };

    /// <summary>
    /// Projects a tenant's cost for the next <see cref="ForecastDays"/> days (today included) from the last
    /// <see cref="ForecastDays"/> full UTC days (today excluded); see <see cref="Project"/> for the method.
    /// </summary>
    /// <param name="tenantId">The tenant.</param>
    /// <param name="now">The current time; its UTC date is "today".</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    public async Task<CostForecast> ForecastAsync(string tenantId, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenantId);
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var first = today.AddDays(-ForecastDays);
        var rows = await _store.QueryAsync(
            new UsageQuery
            {
                TenantId = tenantId,
                From = new DateTimeOffset(first.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero),
                To = new DateTimeOffset(today.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero),
                GroupBy = UsageGrouping.Day,
            },
            cancellationToken).ConfigureAwait(false);

        var byDay = rows.Where(r => r.Group is not null)
            .ToDictionary(r => DateOnly.ParseExact(r.Group!, "yyyy-MM-dd", CultureInfo.InvariantCulture), r => r.CostUsd);
        var history = Enumerable.Range(0, ForecastDays)
            .Select(i => first.AddDays(i))
            .Select(day => new DailyCost(day, byDay.GetValueOrDefault(day)))
            .ToList();
        return Project(history, today, ForecastDays) with { UnpricedRequests = rows.Sum(r => r.UnpricedRequests) };
    }

    /// <summary>
    /// Projects daily costs by ordinary least squares: the history's days are x = 1…n and their costs y; the line
    /// y = ȳ + b·(x − x̄), with b = Σ(x − x̄)·y / Σ(x − x̄)², gives day n + k the cost ȳ + b·(n + k − x̄). A projected day
    /// never costs less than 0 (a falling trend flattens at zero), and each is rounded to the nano-dollar.
    /// </summary>
    /// <param name="history">Consecutive days, oldest first; at least one.</param>
    /// <param name="firstDay">The first projected day (normally the day after the history's last).</param>
    /// <param name="days">How many days to project.</param>
    public static CostForecast Project(IReadOnlyList<DailyCost> history, DateOnly firstDay, int days)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentOutOfRangeException.ThrowIfZero(history.Count);
        ArgumentOutOfRangeException.ThrowIfNegative(days);
        var n = history.Count;
        var meanX = (n + 1) / 2m;
        var meanY = history.Sum(d => d.CostUsd) / n;
        decimal sxx = 0m, sxy = 0m;
        for (var i = 0; i < n; i++)
        {
            var dx = i + 1 - meanX;
            sxx += dx * dx;

            // Σ(x − x̄) is 0, so Σ(x − x̄)·y equals Σ(x − x̄)·(y − ȳ) without ȳ's rounding.
            sxy += dx * history[i].CostUsd;
        }

        var slope = sxx == 0m ? 0m : sxy / sxx;
        var projected = new List<DailyCost>(days);
        for (var k = 1; k <= days; k++)
        {
            var cost = Math.Max(0m, meanY + (slope * (n + k - meanX)));
            projected.Add(new DailyCost(firstDay.AddDays(k - 1), Math.Round(cost, 9, MidpointRounding.AwayFromZero)));
        }

        return new CostForecast(history, projected, projected.Sum(d => d.CostUsd), slope, 0);
    }
}
