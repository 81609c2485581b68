namespace Switchboard.Abstractions.Governance;

/// <summary>
/// Where the cost ledger is kept, and the reports over it. Every query is scoped to one tenant: no query returns
/// another tenant's entries.
/// </summary>
public interface ILedgerStore
{
    /// <summary>Appends entries, all or none.</summary>
    Task AppendAsync(IReadOnlyList<LedgerEntry> entries, CancellationToken cancellationToken);

    /// <summary>Sums the entries that match <paramref name="query"/> by its <see cref="UsageQuery.GroupBy"/>.</summary>
    /// <returns>One row per group: days in date order; other groupings by cost, highest first.</returns>
    Task<IReadOnlyList<UsageRow>> QueryAsync(UsageQuery query, CancellationToken cancellationToken);

    /// <summary>
    /// Sums the entries that match <paramref name="query"/> by its grouping, at most <paramref name="limit"/> groups
    /// (in the order of <see cref="QueryAsync"/>), with the totals of all groups read at the same point in time.
    /// </summary>
    Task<UsageReport> ReportAsync(UsageQuery query, int limit, CancellationToken cancellationToken);

    /// <summary>Sums all entries that match <paramref name="query"/> (its grouping is ignored).</summary>
    Task<UsageTotals> TotalsAsync(UsageQuery query, CancellationToken cancellationToken);

    /// <summary>Reads the entries that match <paramref name="query"/>, oldest first.</summary>
    IAsyncEnumerable<LedgerEntry> ExportAsync(UsageQuery query, CancellationToken cancellationToken);

    /// <summary>Returns the conversations that cost the most, highest first (its grouping is ignored).</summary>
    /// <param name="query">The tenant, filters and period.</param>
    /// <param name="limit">The most conversations to return.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    Task<IReadOnlyList<UsageRow>> TopConversationsAsync(UsageQuery query, int limit, CancellationToken cancellationToken);
}
