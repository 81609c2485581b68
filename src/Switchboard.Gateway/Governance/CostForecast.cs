namespace Switchboard.Gateway.Governance;

/// <summary>A projection of a tenant's spend over the next days, from the trend of the last full days.</summary>
/// <param name="History">The days the projection is drawn from, oldest first (days without calls cost 0).</param>
/// <param name="Days">The projected days, from today on.</param>
/// <param name="TotalUsd">The sum of the projected days.</param>
/// <param name="TrendUsdPerDay">The slope of the least-squares line through the history, in USD per day.</param>
/// <param name="UnpricedRequests">
/// Calls in the history to models without a price: they are not in the costs, so a projection with any is a lower bound.
/// </param>
public sealed record CostForecast(
    IReadOnlyList<DailyCost> History,
    IReadOnlyList<DailyCost> Days,
    decimal TotalUsd,
    decimal TrendUsdPerDay,
    long UnpricedRequests);
