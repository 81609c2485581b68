using System.Runtime.CompilerServices;
using Switchboard.Abstractions.Governance;

namespace Switchboard.Gateway.Tests.Fakes;

/// <summary>
/// An <see cref="ILedgerStore"/> that keeps appended batches in memory; it can be slow, fail a number of times, or hold
/// every append until the test opens a gate. The query methods answer from <see cref="Rows"/>.
/// </summary>
public sealed class FakeLedgerStore : ILedgerStore
{
    private readonly Lock _lock = new();
    private readonly List<IReadOnlyList<LedgerEntry>> _batches = [];
    private int _concurrent;

    /// <summary>Gets or sets how long each append takes.</summary>
    public TimeSpan Delay { get; set; }

    /// <summary>Gets or sets how many appends fail before they start to succeed.</summary>
    public int FailuresLeft { get; set; }

    /// <summary>Gets or sets an entry the store refuses every time: any write that contains it fails.</summary>
    public string? PoisonId { get; set; }

    /// <summary>Gets or sets a task every append waits for; null for none.</summary>
    public Task? Gate { get; set; }

    /// <summary>Gets a task completed when the first append starts.</summary>
    public TaskCompletionSource AppendStarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Gets the number of append calls, failed ones included.</summary>
    public int Attempts { get; private set; }

    /// <summary>Gets the most appends that ran at the same time.</summary>
    public int MaxConcurrent { get; private set; }

    /// <summary>Gets or sets what <see cref="QueryAsync"/> answers.</summary>
    public IReadOnlyList<UsageRow> Rows { get; set; } = [];

    /// <summary>Gets the queries received.</summary>
    public List<UsageQuery> Queries { get; } = [];

    public IReadOnlyList<IReadOnlyList<LedgerEntry>> Batches
    {
        get
        {
            lock (_lock)
            {
                return [.. _batches];
            }
        }
    }

    public IReadOnlyList<LedgerEntry> Entries => [.. Batches.SelectMany(b => b)];

    public async Task AppendAsync(IReadOnlyList<LedgerEntry> entries, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            Attempts++;
            MaxConcurrent = Math.Max(MaxConcurrent, ++_concurrent);
        }

        try
        {
            AppendStarted.TrySetResult();
            if (Gate is { } gate)
            {
                await gate;
            }

            if (Delay > TimeSpan.Zero)
            {
                await Task.Delay(Delay, cancellationToken);
            }

            lock (_lock)
            {
                if (FailuresLeft > 0)
                {
                    FailuresLeft--;
                    throw new IOException("database is locked");
                }

                if (PoisonId is { } poison && entries.Any(e => e.Id == poison))
                {
                    throw new OverflowException("Value was either too large or too small for an Int64.");
                }

                _batches.Add([.. entries]);
            }
        }
        finally
        {
            lock (_lock)
            {
                _concurrent--;
            }
        }
    }

    public Task<IReadOnlyList<UsageRow>> QueryAsync(UsageQuery query, CancellationToken cancellationToken)
    {
        Queries.Add(query);
        return Task.FromResult(Rows);
    }

    public Task<UsageTotals> TotalsAsync(UsageQuery query, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<UsageReport> ReportAsync(UsageQuery query, int limit, CancellationToken cancellationToken) => throw new NotSupportedException();

    public async IAsyncEnumerable<LedgerEntry> ExportAsync(UsageQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Yield();
        foreach (var entry in Entries.Where(e => e.TenantId == query.TenantId))
        {
            yield return entry;
        }
    }

    public Task<IReadOnlyList<UsageRow>> TopConversationsAsync(UsageQuery query, int limit, CancellationToken cancellationToken) =>
        throw new NotSupportedException();
}
