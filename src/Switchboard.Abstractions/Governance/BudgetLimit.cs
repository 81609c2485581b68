namespace Switchboard.Abstractions.Governance;

/// <summary>A USD limit on spend over a scope and period.</summary>
/// <param name="Scope">What the spend is counted over.</param>
/// <param name="Period">The window.</param>
/// <param name="LimitUsd">The most that may be spent in one window, in USD.</param>
public sealed record BudgetLimit(BudgetScope Scope, BudgetPeriod Period, decimal LimitUsd);
