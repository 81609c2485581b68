using Switchboard.Abstractions.Governance;

namespace Switchboard.Gateway.Governance;

/// <summary>Receives the cost ledger's entries as model calls end; <see cref="LedgerWriter"/> writes them to the store.</summary>
public interface ILedgerSink
{
    /// <summary>Records one entry. Completes once the entry is accepted; waits while the sink is full, never drops.</summary>
    /// <param name="entry">The entry.</param>
    /// <param name="cancellationToken">Gives up waiting for room.</param>
    ValueTask RecordAsync(LedgerEntry entry, CancellationToken cancellationToken = default);

    /// <summary>
    /// Notes that a model call has started whose entry will be recorded when it ends, so that a sink stopping at shutdown
    /// can wait for the calls still running. Each call is matched by one <see cref="EndCall"/>, after its entry is recorded.
    /// </summary>
    void BeginCall();

    /// <summary>Notes that a call begun with <see cref="BeginCall"/> has recorded its entry (or given up on it).</summary>
    void EndCall();
}
