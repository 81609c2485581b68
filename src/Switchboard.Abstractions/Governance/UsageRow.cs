namespace Switchboard.Abstractions.Governance;

/// <summary>The sums of one group of ledger entries.</summary>
public sealed record UsageRow : UsageTotals
{
    /// <summary>Gets the group's value (e.g. the day, the key id); null for entries without one.</summary>
    public string? Group { get; init; }
}
