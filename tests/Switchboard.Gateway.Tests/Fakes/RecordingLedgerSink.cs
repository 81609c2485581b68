using System.Collections.Concurrent;
using Switchboard.Abstractions.Governance;
using Switchboard.Gateway.Governance;

namespace Switchboard.Gateway.Tests.Fakes;

/// <summary>An <see cref="ILedgerSink"/> that keeps what it is given, or throws when told to.</summary>
public sealed class RecordingLedgerSink : ILedgerSink
{
    private readonly ConcurrentQueue<LedgerEntry> _entries = new();
    private int _openCalls;
    private int _calls;

    public Exception? Failure { get; set; }

    public IReadOnlyList<LedgerEntry> Entries => [.. _entries];

    /// <summary>Gets the calls begun and not yet ended.</summary>
    public int OpenCalls => Volatile.Read(ref _openCalls);

    /// <summary>Gets the calls begun so far.</summary>
    public int Calls => Volatile.Read(ref _calls);

    public void BeginCall()
    {
        Interlocked.Increment(ref _calls);
        Interlocked.Increment(ref _openCalls);
    }

    public void EndCall() => Interlocked.Decrement(ref _openCalls);

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
