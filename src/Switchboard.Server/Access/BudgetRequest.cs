namespace Switchboard.Server.Access;

/// <summary>A budget in a key request.</summary>
internal sealed class BudgetRequest
{
    /// <summary>Gets or sets what is counted: key (default), user, team or tenant.</summary>
    public string? Scope { get; set; }

    /// <summary>Gets or sets the window: day, month or total.</summary>
    public string? Period { get; set; }

    /// <summary>Gets or sets the limit in USD.</summary>
    public decimal? LimitUsd { get; set; }
}
