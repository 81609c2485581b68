using Switchboard.Abstractions.Governance;

namespace Switchboard.Gateway.Governance;

/// <summary>The configuration shape of one budget limit: a USD amount per window.</summary>
public sealed class BudgetLimitOptions
{
    /// <summary>Gets or sets the window: <c>Day</c> or <c>Month</c> (UTC calendar periods) or <c>Total</c>. Required.</summary>
    public BudgetPeriod? Period { get; set; }

    /// <summary>Gets or sets the most that may be spent in one window, in USD. Required; must be positive.</summary>
    public decimal LimitUsd { get; set; }
}
