namespace Switchboard.Abstractions.Governance;

/// <summary>The window a budget is counted over. Windows are calendar periods in UTC.</summary>
public enum BudgetPeriod
{
    /// <summary>From 00:00 UTC to the next 00:00 UTC.</summary>
    Day,

    /// <summary>From the first of the month 00:00 UTC to the first of the next month.</summary>
    Month,

    /// <summary>The lifetime of the scope (a conversation, an agent run, or a key for ever).</summary>
    Total,
}
