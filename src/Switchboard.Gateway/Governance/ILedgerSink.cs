using Switchboard.Abstractions.Governance;

namespace Switchboard.Gateway.Governance;

/// <summary>Receives the cost ledger's entries as model calls end; <see cref="LedgerWriter"/> writes them to the store.</summary>
public interface ILedgerSink
{
    /// <summary>Records one entry. Completes once the entry is accepted; waits while the sink is full, never drops.</summary>
    /// <param name="entry">The entry.</param>
    /// <param name="cancellationToken">Gives up waiting for room.</param>
    ValueTask RecordAsync(LedgerEntry entry, CancellationToken cancellationToken = default);
}
