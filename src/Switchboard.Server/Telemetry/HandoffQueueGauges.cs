using System.Diagnostics.Metrics;
using Switchboard.Abstractions.Agents;

namespace Switchboard.Server.Telemetry;

/// <summary>
/// The readings of the human handoff queue's gauges: its length by status (<c>switchboard.handoff_queue.length</c>)
/// and, per team, how long the oldest waiting item has waited (<c>switchboard.handoff_queue.oldest_wait</c>). Both come
/// from one grouped query to the store, kept for <see cref="MaxAge"/>, so frequent scrapes cost at most one query per
/// interval. The scrape endpoint refreshes them before collecting; any other collection (an OTLP push) reads the last
/// ones and refreshes them in the background.
/// </summary>
/// <remarks>
/// The wait is computed when observed, from the oldest item's queueing time, so it keeps growing between queries. A
/// team seen since start keeps its series, at 0, once nothing of it is waiting, so that a drained queue reads 0 rather
/// than no data. Teams come from agent definitions, not from callers, so their number stays small.
/// </remarks>
internal sealed partial class HandoffQueueGauges
{
    /// <summary>How long a reading is reused.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(5);

    private static readonly KeyValuePair<string, object?> WaitingTag = new("status", QueueItemStatus.Waiting);
    private static readonly KeyValuePair<string, object?> ClaimedTag = new("status", QueueItemStatus.Claimed);

    private readonly IHandoffQueueStore _store;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<HandoffQueueGauges> _logger;
    private readonly object _teamsLock = new();
    private readonly HashSet<string> _teams = new(StringComparer.Ordinal);
    private Snapshot? _snapshot;
    private int _refreshing;

    /// <summary>Initializes a new instance of the <see cref="HandoffQueueGauges"/> class.</summary>
    public HandoffQueueGauges(IHandoffQueueStore store, TimeProvider timeProvider, ILogger<HandoffQueueGauges> logger)
    {
        _store = store;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    private bool IsStale => Volatile.Read(ref _snapshot) is not { } snapshot || _timeProvider.GetElapsedTime(snapshot.Taken) >= MaxAge;

    /// <summary>Reads the queue from the store unless the last reading is recent; a failure keeps the last reading.</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        if (!IsStale)
        {
            return;
        }

        try
        {
            var groups = await _store.SummarizeOpenAsync(cancellationToken);
            Volatile.Write(ref _snapshot, Summarize(groups));
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // Before the migrations have run, or with the database gone: the gauges go without, the scrape goes on.
            LogRefreshFailed(exception);
        }
    }

    /// <summary>The length gauge's callback: one measurement per open status, none until the first reading.</summary>
    public IEnumerable<Measurement<long>> ObserveLength()
    {
        if (Current() is not { } snapshot)
        {
            return [];
        }

        return
        [
            new Measurement<long>(snapshot.Waiting, WaitingTag),
            new Measurement<long>(snapshot.Claimed, ClaimedTag),
        ];
    }

    /// <summary>
    /// The oldest-wait gauge's callback: per team, seconds since the oldest waiting item was queued, 0 for a team
    /// with nothing waiting; none until the first reading.
    /// </summary>
    public IEnumerable<Measurement<double>> ObserveOldestWait()
    {
        if (Current() is not { } snapshot)
        {
            return [];
        }

        var now = _timeProvider.GetUtcNow();
        return snapshot.OldestWaiting
            .Select(team => new Measurement<double>(
                team.Value is { } oldest ? Math.Max(0, (now - oldest).TotalSeconds) : 0,
                new KeyValuePair<string, object?>("team", team.Key)))
            .ToList();
    }

    private Snapshot? Current()
    {
        if (IsStale && Interlocked.CompareExchange(ref _refreshing, 1, 0) == 0)
        {
            _ = RefreshInBackgroundAsync();
        }

        return Volatile.Read(ref _snapshot);
    }

    private Snapshot Summarize(IReadOnlyList<QueueGroupSummary> groups)
    {
        var oldestWaiting = new Dictionary<string, DateTimeOffset?>(StringComparer.Ordinal);
        lock (_teamsLock)
        {
            _teams.UnionWith(groups.Select(g => g.Team));
            foreach (var team in _teams)
            {
                oldestWaiting[team] = null;
            }
        }

        foreach (var group in groups.Where(g => g.Status == QueueItemStatus.Waiting))
        {
            oldestWaiting[group.Team] = group.OldestCreatedAt;
        }

        return new Snapshot(
            groups.Where(g => g.Status == QueueItemStatus.Waiting).Sum(g => g.Count),
            groups.Where(g => g.Status == QueueItemStatus.Claimed).Sum(g => g.Count),
            oldestWaiting,
            _timeProvider.GetTimestamp());
    }

    private async Task RefreshInBackgroundAsync()
    {
        try
        {
            await Task.Yield();
            await RefreshAsync(CancellationToken.None);
        }
        finally
        {
            Volatile.Write(ref _refreshing, 0);
        }
    }

    [LoggerMessage(EventId = 1300, Level = LogLevel.Warning, Message = "Could not read the handoff queue for its metrics")]
    private partial void LogRefreshFailed(Exception exception);

    private sealed record Snapshot(long Waiting, long Claimed, IReadOnlyDictionary<string, DateTimeOffset?> OldestWaiting, long Taken);
}
