using System.Diagnostics.Metrics;
using Switchboard.Abstractions.Agents;

namespace Switchboard.Server.Telemetry;

/// <summary>
/// The open items of the human handoff queue by status, for the <c>switchboard.handoff_queue.length</c> gauge. The
/// counts come from the store (one grouped query) and are kept for <see cref="MaxAge"/>, so frequent scrapes cost at
/// most one query per interval. The scrape endpoint refreshes them before collecting; any other collection (an OTLP
/// push) reads the last counts and refreshes them in the background.
/// </summary>
internal sealed partial class HandoffQueueLength
{
    /// <summary>How long counts are reused.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(5);

    private static readonly KeyValuePair<string, object?> WaitingTag = new("status", QueueItemStatus.Waiting);
    private static readonly KeyValuePair<string, object?> ClaimedTag = new("status", QueueItemStatus.Claimed);

    private readonly IHandoffQueueStore _store;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<HandoffQueueLength> _logger;
    private Snapshot? _snapshot;
    private int _refreshing;

    /// <summary>Initializes a new instance of the <see cref="HandoffQueueLength"/> class.</summary>
    public HandoffQueueLength(IHandoffQueueStore store, TimeProvider timeProvider, ILogger<HandoffQueueLength> logger)
    {
        _store = store;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    private bool IsStale => Volatile.Read(ref _snapshot) is not { } snapshot || _timeProvider.GetElapsedTime(snapshot.Taken) >= MaxAge;

    /// <summary>Reads the counts from the store unless the last ones are recent; a failure keeps the last counts.</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        if (!IsStale)
        {
            return;
        }

        try
        {
            var counts = await _store.CountOpenAsync(cancellationToken);
            Volatile.Write(ref _snapshot, new Snapshot(counts, _timeProvider.GetTimestamp()));
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // Before the migrations have run, or with the database gone: the gauge goes without, the scrape goes on.
            LogRefreshFailed(exception);
        }
    }

    /// <summary>The gauge's callback: one measurement per open status, none until the first count.</summary>
    public IEnumerable<Measurement<long>> Observe()
    {
        if (IsStale && Interlocked.CompareExchange(ref _refreshing, 1, 0) == 0)
        {
            _ = RefreshInBackgroundAsync();
        }

        if (Volatile.Read(ref _snapshot) is not { } snapshot)
        {
            return [];
        }

        return
        [
            new Measurement<long>(snapshot.Counts.GetValueOrDefault(QueueItemStatus.Waiting), WaitingTag),
            new Measurement<long>(snapshot.Counts.GetValueOrDefault(QueueItemStatus.Claimed), ClaimedTag),
        ];
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

    [LoggerMessage(EventId = 1300, Level = LogLevel.Warning, Message = "Could not count the handoff queue for the queue-length metric")]
    private partial void LogRefreshFailed(Exception exception);

    private sealed record Snapshot(IReadOnlyDictionary<string, long> Counts, long Taken);
}
