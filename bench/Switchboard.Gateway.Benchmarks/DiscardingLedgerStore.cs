using Switchboard.Abstractions.Governance;

namespace Switchboard.Gateway.Benchmarks;

/// <summary>
/// A ledger store that counts the entries the <see cref="Governance.LedgerWriter"/> hands it and keeps none: the
/// writer's queue and batching run as in the server, the SQLite insert (measured in bench/results/governance-path.md)
/// does not.
/// </summary>
internal sealed class DiscardingLedgerStore : ILedgerStore
{
    private long _appended;

    /// <summary>Gets the number of entries appended so far.</summary>
    public long Appended => Interlocked.Read(ref _appended);

    public Task AppendAsync(IReadOnlyList<LedgerEntry> entries, CancellationToken cancellationToken)
    {
        Interlocked.Add(ref _appended, entries.Count);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<UsageRow>> QueryAsync(UsageQuery query, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<UsageTotals> TotalsAsync(UsageQuery query, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<UsageReport> ReportAsync(UsageQuery query, int limit, CancellationToken cancellationToken) => throw new NotSupportedException();

    public IAsyncEnumerable<LedgerEntry> ExportAsync(UsageQuery query, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<IReadOnlyList<UsageRow>> TopConversationsAsync(UsageQuery query, int limit, CancellationToken cancellationToken) =>
        throw new NotSupportedException();
}
