using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Switchboard.Abstractions.Governance;

namespace Switchboard.Gateway.Governance;

/// <summary>
/// Writes the cost ledger in the background: entries go into a bounded queue and are written to the
/// <see cref="ILedgerStore"/> in batches (up to <see cref="LedgerWriterOptions.MaxBatchSize"/> entries, or whatever
/// arrived within <see cref="LedgerWriterOptions.FlushInterval"/> of a batch's first entry), each batch in one call.
/// </summary>
/// <remarks>
/// <para>Nothing is dropped for lack of room: when the queue is full, <see cref="RecordAsync"/> waits. A batch the store
/// refuses is retried with exponential back-off up to <see cref="LedgerWriterOptions.MaxAttempts"/> times; only then is
/// it given up, and that is logged as an error with the number of entries lost.</para>
/// <para>Call <see cref="Start"/> once at start-up and <see cref="DisposeAsync"/> at shutdown, after the web server has
/// stopped: it waits (up to <see cref="LedgerWriterOptions.ShutdownGrace"/>) for the model calls still running to record
/// their entries, then stops accepting entries and returns once everything accepted has been written. A host can wrap
/// the two as a hosted service's start and stop.</para>
/// </remarks>
public sealed partial class LedgerWriter : ILedgerSink, IAsyncDisposable
{
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromMinutes(1);

    private readonly Channel<Item> _channel;
    private readonly ILedgerStore _store;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly int _maxBatchSize;
    private readonly TimeSpan _flushInterval;
    private readonly int _maxAttempts;
    private readonly TimeSpan _retryDelay;
    private readonly TimeSpan _shutdownGrace;
    private readonly TaskCompletionSource _callsEnded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _lock = new();
    private Task? _loop;

    // The batch window the writer is sleeping through, if any; cancelled to end it early (a full batch, a flush, a stop).
    private CancellationTokenSource? _window;

    // Entries recorded and not yet in a closed batch (queued, or held by the writer while it waits out a window): when
    // they make a full batch, the window ends early.
    private int _queued;
    private volatile bool _stopping;

    // Model calls begun and not yet recorded (BeginCall / EndCall): what stopping waits for.
    private int _openCalls;

    /// <summary>Initializes a new instance of the <see cref="LedgerWriter"/> class.</summary>
    /// <param name="store">Where the entries are written.</param>
    /// <param name="timeProvider">The clock for the batch window and the retry delays.</param>
    /// <param name="logger">Receives write failures.</param>
    /// <param name="options">The settings; null for the defaults.</param>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range.</exception>
    public LedgerWriter(ILedgerStore store, TimeProvider timeProvider, ILogger<LedgerWriter> logger, LedgerWriterOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        options ??= new LedgerWriterOptions();
        options.Validate();
        _store = store;
        _timeProvider = timeProvider;
        _logger = logger;
        _maxBatchSize = options.MaxBatchSize;
        _flushInterval = options.FlushInterval;
        _maxAttempts = options.MaxAttempts;
        _retryDelay = options.RetryDelay;
        _shutdownGrace = options.ShutdownGrace;
        _channel = Channel.CreateBounded<Item>(new BoundedChannelOptions(options.Capacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
            SingleWriter = false,
        });
    }

    /// <summary>Gets the number of entries waiting to be written (not counting a batch being written).</summary>
    public int Pending => _channel.Reader.Count;

    /// <summary>Gets the number of model calls begun and not yet recorded.</summary>
    public int OpenCalls => Volatile.Read(ref _openCalls);

    /// <summary>Starts writing in the background; calling it again does nothing.</summary>
    public void Start()
    {
        lock (_lock)
        {
            _loop ??= Task.Run(RunAsync);
        }
    }

    /// <inheritdoc />
    /// <exception cref="ObjectDisposedException">The writer has stopped.</exception>
    public ValueTask RecordAsync(LedgerEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (!_channel.Writer.TryWrite(new Item(entry, null)))
        {
            return WaitAndWriteAsync(new Item(entry, null), cancellationToken);
        }

        if (Interlocked.Increment(ref _queued) >= _maxBatchSize)
        {
            EndWindow();
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>Returns once every entry recorded before the call has been written (or given up). Needs <see cref="Start"/>.</summary>
    /// <exception cref="ObjectDisposedException">The writer has stopped.</exception>
    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        var flushed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await WaitAndWriteAsync(new Item(null, flushed), cancellationToken).ConfigureAwait(false);
        EndWindow();
        await flushed.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public void BeginCall() => Interlocked.Increment(ref _openCalls);

    /// <inheritdoc />
    public void EndCall()
    {
        // The decrement is a full fence: a stop that began before it is seen here, or the stop sees the count at zero.
        if (Interlocked.Decrement(ref _openCalls) <= 0 && _stopping)
        {
            _callsEnded.TrySetResult();
        }
    }

    /// <summary>
    /// Waits (up to the shutdown grace) for the model calls still running to record their entries, then stops accepting
    /// entries and returns once every accepted entry has been written (or given up).
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        _stopping = true;
        Interlocked.MemoryBarrier(); // _stopping is written before _openCalls is read (see EndCall)
        var open = Volatile.Read(ref _openCalls);
        if (open > 0)
        {
            LogWaitingForCalls(open, _shutdownGrace.TotalSeconds);
            try
            {
                await _callsEnded.Task.WaitAsync(_shutdownGrace, _timeProvider).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                LogCallsStillOpen(Volatile.Read(ref _openCalls), _shutdownGrace.TotalSeconds);
            }
        }

        _channel.Writer.TryComplete();
        EndWindow();

        // Never started: drain anyway, so that nothing accepted is lost.
        Start();
        await _loop!.ConfigureAwait(false);
    }

    private async ValueTask WaitAndWriteAsync(Item item, CancellationToken cancellationToken)
    {
        // The queue is full (or this is a flush): the writer should not sleep out its window.
        EndWindow();
        try
        {
            await _channel.Writer.WriteAsync(item, cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException exception)
        {
            throw new ObjectDisposedException("The ledger writer has stopped; the entry was not recorded.", exception);
        }

        // Counted and checked like any other entry, or the count would fall behind by every entry that had to wait for
        // room, and a full batch completed by one of them would not end the window.
        if (item.Entry is not null && Interlocked.Increment(ref _queued) >= _maxBatchSize)
        {
            EndWindow();
        }
    }

    private async Task RunAsync()
    {
        var reader = _channel.Reader;
        var batch = new List<LedgerEntry>(_maxBatchSize);
        var flushes = new List<TaskCompletionSource>();

        // False once the writer is completed and everything in it has been read.
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            await CollectAsync(reader, batch, flushes).ConfigureAwait(false);

            // The batch is closed: its entries no longer count towards the next one.
            Interlocked.Add(ref _queued, -batch.Count);
            if (batch.Count > 0)
            {
                await WriteAsync([.. batch]).ConfigureAwait(false);
                batch.Clear();
            }

            foreach (var flushed in flushes)
            {
                flushed.TrySetResult();
            }

            flushes.Clear();
        }
    }

    /// <summary>
    /// Fills <paramref name="batch"/>: takes what is queued and, unless that fills it or a flush asks for it, sleeps out
    /// the window once and takes what arrived meanwhile. The writer does not wake for each entry: at a few hundred
    /// calls a second, a wake-up per entry is a thread-pool hop per model call on the request's cores.
    /// </summary>
    private async Task CollectAsync(ChannelReader<Item> reader, List<LedgerEntry> batch, List<TaskCompletionSource> flushes)
    {
        if (Take(reader, batch, flushes))
        {
            return;
        }

        var window = new CancellationTokenSource();
        Interlocked.Exchange(ref _window, window);

        // A flush, a full queue or a stop may have come between the first look and the window's publication.
        if (!Take(reader, batch, flushes) && !_stopping)
        {
            await Task.Delay(_flushInterval, _timeProvider, window.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        Interlocked.CompareExchange(ref _window, null, window);
        Take(reader, batch, flushes);
    }

    /// <summary>Moves queued entries into the batch; true when it is full or a flush was asked for.</summary>
    private bool Take(ChannelReader<Item> reader, List<LedgerEntry> batch, List<TaskCompletionSource> flushes)
    {
        if (batch.Count >= _maxBatchSize || flushes.Count > 0)
        {
            return true;
        }

        while (reader.TryRead(out var item))
        {
            if (item.Flushed is { } flushed)
            {
                flushes.Add(flushed);
                return true;
            }

            batch.Add(item.Entry!);
            if (batch.Count >= _maxBatchSize)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Wakes the writer if it is sleeping out a window. The wake-up runs on the thread pool (<c>CancelAsync</c>), not on
    /// the caller's thread, which would otherwise go on to write the batch inline. The window's source is never
    /// disposed: it has no timer, and a caller may cancel it after the writer has moved on.
    /// </summary>
    private void EndWindow()
    {
        // A full fence, not a volatile read: the caller's write (an entry, a flush, _stopping) must not pass this read,
        // or the writer could publish its window, miss that write, and sleep.
        if (Interlocked.CompareExchange(ref _window, null, null) is { IsCancellationRequested: false } window)
        {
            _ = window.CancelAsync();
        }
    }

    private async Task WriteAsync(LedgerEntry[] batch)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                // Not cancellable: accepted entries are written even while the host shuts down.
                await _store.AppendAsync(batch, CancellationToken.None).ConfigureAwait(false);
                return;
            }
            catch (Exception exception) when (attempt < _maxAttempts)
            {
                // Doubling from the first delay, up to a minute (a longer wait would only hold more entries back).
                var delay = TimeSpan.FromMilliseconds(Math.Min(_retryDelay.TotalMilliseconds * Math.Pow(2, attempt - 1), MaxRetryDelay.TotalMilliseconds));
                try
                {
                    LogWriteRetry(exception, batch.Length, attempt, delay.TotalMilliseconds);
                }
                catch (Exception)
                {
                    // A logging provider that throws must not end the loop: every entry recorded afterwards would wait
                    // for room forever, and the requests recording them with it. With the logger broken there is
                    // nowhere to say so; the batch is retried all the same.
                }

                await Task.Delay(delay, _timeProvider).ConfigureAwait(false);
            }
            catch (Exception exception)
            {
                // One entry the store always refuses must not take the rest of its batch with it: each is tried alone,
                // once, and only those that still fail are lost.
                var lost = batch.Length == 1 ? batch : await WriteOneByOneAsync(batch).ConfigureAwait(false);
                if (lost.Length > 0)
                {
                    try
                    {
                        LogBatchLost(exception, lost.Length, attempt, lost[0].Id, lost[^1].Id);
                    }
                    catch (Exception)
                    {
                        // As above: the loop goes on to the next batch.
                    }
                }

                return;
            }
        }
    }

    /// <summary>Writes each entry of a batch that failed as a whole on its own; returns the ones that failed again.</summary>
    private async Task<LedgerEntry[]> WriteOneByOneAsync(LedgerEntry[] batch)
    {
        var lost = new List<LedgerEntry>();
        foreach (var entry in batch)
        {
            try
            {
                await _store.AppendAsync([entry], CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception)
            {
                lost.Add(entry);
            }
        }

        return [.. lost];
    }

    [LoggerMessage(EventId = 1500, Level = LogLevel.Warning,
        Message = "Writing {Count} ledger entries failed (attempt {Attempt}); retrying in {DelayMs:F0} ms")]
    private partial void LogWriteRetry(Exception exception, int count, int attempt, double delayMs);

    [LoggerMessage(EventId = 1501, Level = LogLevel.Error,
        Message = "Gave up writing {Count} ledger entries after {Attempts} attempts; entries {FirstId} to {LastId} are lost")]
    private partial void LogBatchLost(Exception exception, int count, int attempts, string firstId, string lastId);

    [LoggerMessage(EventId = 1502, Level = LogLevel.Information,
        Message = "Waiting up to {GraceSeconds} s for {Count} model calls to record their ledger entries before stopping")]
    private partial void LogWaitingForCalls(int count, double graceSeconds);

    [LoggerMessage(EventId = 1503, Level = LogLevel.Warning,
        Message = "{Count} model calls had not recorded their ledger entries after {GraceSeconds} s; the ledger stops without them")]
    private partial void LogCallsStillOpen(int count, double graceSeconds);

    /// <summary>An entry to write, or a flush request (completed once everything before it is written).</summary>
    private readonly record struct Item(LedgerEntry? Entry, TaskCompletionSource? Flushed);
}
