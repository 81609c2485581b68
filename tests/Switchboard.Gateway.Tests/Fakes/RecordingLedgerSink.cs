using System.Collections.Concurrent;
using Switchboard.Abstractions.Governance;
using Switchboard.Gateway.Governance;

namespace Switchboard.Gateway.Tests.Fakes;

/// <summary>An <see cref="ILedgerSink"/> that keeps what it is given, or throws when told to.</summary>
public sealed class RecordingLedgerSink : ILedgerSink
{
    private readonly ConcurrentQueue<LedgerEntry> _entries = new();

    public Exception? Failure { get; set; }

    public IReadOnlyList<LedgerEntry> Entries => [.. _entries];

    public ValueTask RecordAsync(LedgerEntry entry, CancellationToken cancellationToken = default)
    {
        if (Failure is { } failure)
        {
            throw failure;
        }

        _entries.Enqueue(entry);
        return ValueTask.CompletedTask;
    }
}
