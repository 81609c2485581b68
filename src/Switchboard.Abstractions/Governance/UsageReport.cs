namespace Switchboard.Abstractions.Governance;

/// <summary>One grouped report: its first groups and the totals of all of them, read at one point in time.</summary>
/// <param name="Rows">The groups, in the order of <see cref="ILedgerStore.QueryAsync"/>, at most the limit asked for.</param>
/// <param name="Totals">The sums over every group, including those beyond the limit.</param>
/// <param name="HasMore">Whether groups were left out; the rows then add up to less than <paramref name="Totals"/>.</param>
public sealed record UsageReport(IReadOnlyList<UsageRow> Rows, UsageTotals Totals, bool HasMore);
