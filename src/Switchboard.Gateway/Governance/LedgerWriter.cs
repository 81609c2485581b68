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
/// <para>Call <see cref="Start"/> once at start-up and <see cref="DisposeAsync"/> at shutdown, after the last model call:
/// it stops accepting entries and returns once everything accepted has been written. A host can wrap the two as a hosted
/// service's start and stop.</para>
/// </remarks>
public sealed partial class LedgerWriter : ILedgerSink, IAsyncDisposable
{
    private readonly Channel<Item> _channel;
    private readonly ILedgerStore _store;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly int _maxBatchSize;
    private readonly TimeSpan _flushInterval;
    private readonly int _maxAttempts;
    private readonly TimeSpan _retryDelay;
    private readonly Lock _lock = new();
    private Task? _loop;

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
        _channel = Channel.CreateBounded<Item>(new BoundedChannelOptions(options.Capacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
            SingleWriter = false,
        });
    }

    /// <summary>Gets the number of entries waiting to be written (not counting a batch being written).</summary>
    public int Pending => _channel.Reader.Count;

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
        return _channel.Writer.TryWrite(new Item(entry, null)) ? ValueTask.CompletedTask : WaitAndWriteAsync(new Item(entry, null), cancellationToken);
    }

    /// <summary>Returns once every entry recorded before the call has been written (or given up). Needs <see cref="Start"/>.</summary>
    /// <exception cref="ObjectDisposedException">The writer has stopped.</exception>
    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        var flushed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await WaitAndWriteAsync(new Item(null, flushed), cancellationToken).ConfigureAwait(false);
        await flushed.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stops accepting entries and returns once every accepted entry has been written (or given up).</summary>
    public async ValueTask DisposeAsync()
    {
        _channel.Writer.TryComplete();

        // Never started: drain anyway, so that nothing accepted is lost.
        Start();
        await _loop!.ConfigureAwait(false);
    }

    private async ValueTask WaitAndWriteAsync(Item item, CancellationToken cancellationToken)
    {
        try
        {
            await _channel.Writer.WriteAsync(item, cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException exception)
        {
            throw new ObjectDisposedException("The ledger writer has stopped; the entry was not recorded.", exception);
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

    /// <summary>Collects one batch: until it is full, a flush is asked for, the queue ends, or the window closes.</summary>
    private async Task CollectAsync(ChannelReader<Item> reader, List<LedgerEntry> batch, List<TaskCompletionSource> flushes)
    {
        using var window = new CancellationTokenSource(_flushInterval, _timeProvider);
        while (true)
        {
            while (reader.TryRead(out var item))
            {
                if (item.Flushed is { } flushed)
                {
                    flushes.Add(flushed);
                    return;
                }

                batch.Add(item.Entry!);
                if (batch.Count >= _maxBatchSize)
                {
                    return;
                }
            }

            try
            {
                if (!await reader.WaitToReadAsync(window.Token).ConfigureAwait(false))
                {
                    return;
                }
            }
            catch (OperationCanceledException) when (window.IsCancellationRequested)
            {
                return;
            }
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
                var delay = _retryDelay * Math.Pow(2, attempt - 1);
                LogWriteRetry(exception, batch.Length, attempt, delay.TotalMilliseconds);
                await Task.Delay(delay, _timeProvider).ConfigureAwait(false);
            }
            catch (Exception exception)
            {
                LogBatchLost(exception, batch.Length, attempt, batch[0].Id, batch[^1].Id);
                return;
            }
        }
    }

    [LoggerMessage(EventId = 1500, Level = LogLevel.Warning,
        Message = "Writing {Count} ledger entries failed (attempt {Attempt}); retrying in {DelayMs:F0} ms")]
    private partial void LogWriteRetry(Exception exception, int count, int attempt, double delayMs);

    [LoggerMessage(EventId = 1501, Level = LogLevel.Error,
        Message = "Gave up writing {Count} ledger entries after {Attempts} attempts; entries {FirstId} to {LastId} are lost")]
    private partial void LogBatchLost(Exception exception, int count, int attempts, string firstId, string lastId);

    /// <summary>An entry to write, or a flush request (completed once everything before it is written).</summary>
    private readonly record struct Item(LedgerEntry? Entry, TaskCompletionSource? Flushed);
}
