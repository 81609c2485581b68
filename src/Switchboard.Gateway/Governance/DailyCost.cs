namespace Switchboard.Gateway.Governance;

/// <summary>The cost of one UTC day, spent or projected.</summary>
/// <param name="Day">The UTC date.</param>
/// <param name="CostUsd">The cost in USD.</param>
public sealed record DailyCost(DateOnly Day, decimal CostUsd);
