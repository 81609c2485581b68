using Switchboard.Abstractions.Governance;
using Switchboard.Gateway.Governance;

namespace Switchboard.Governance.Benchmarks;

/// <summary>A sink that drops every entry: isolates what the metering stage itself costs from the ledger's write.</summary>
internal sealed class DiscardingLedgerSink : ILedgerSink
{
    public ValueTask RecordAsync(LedgerEntry entry, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

    public void BeginCall()
    {
    }

    public void EndCall()
    {
    }
}
