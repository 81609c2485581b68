using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Switchboard.Abstractions.Governance;
using Switchboard.Gateway.Governance;
using Switchboard.Gateway.Tests.Fakes;

namespace Switchboard.Gateway.Tests.Governance;

public sealed class LedgerWriterTests
{
    [Fact]
    public async Task Dispose_AfterABurstOf10000IntoASlowStore_HasWrittenEveryEntryExactlyOnce()
    {
        var store = new FakeLedgerStore { Delay = TimeSpan.FromMilliseconds(5) };
        var writer = Writer(store, new LedgerWriterOptions { Capacity = 500, FlushInterval = TimeSpan.FromMilliseconds(20) });
        writer.Start();
        var entries = Enumerable.Range(0, 10_000).Select(Entry).ToList();

        // Eight callers at once; the queue holds 500, so most of them wait for room.
        await Task.WhenAll(Enumerable.Range(0, 8).Select(caller => Task.Run(async () =>
        {
            for (var i = caller; i < entries.Count; i += 8)
            {
                await writer.RecordAsync(entries[i]);
            }
        })));
        await writer.DisposeAsync();

        var written = store.Entries;
        Assert.Equal(entries.Count, written.Count);
        Assert.Equal(entries.Select(e => e.Id).Order(StringComparer.Ordinal), written.Select(e => e.Id).Order(StringComparer.Ordinal));
        Assert.All(store.Batches, b => Assert.InRange(b.Count, 1, 256));
        Assert.Equal(1, store.MaxConcurrent);
    }

    [Fact]
    public async Task Dispose_WithEntriesStillQueued_WritesThemBeforeReturning()
    {
        var store = new FakeLedgerStore();
        var writer = Writer(store, new LedgerWriterOptions { FlushInterval = TimeSpan.FromHours(1) });
        writer.Start();
        for (var i = 0; i < 10; i++)
        {
            await writer.RecordAsync(Entry(i));
        }

        await writer.DisposeAsync();

        Assert.Equal(10, store.Entries.Count);
    }

    [Fact]
    public async Task Dispose_WhileACallIsStillRunning_WaitsForItsEntry()
    {
        var store = new FakeLedgerStore();
        var writer = Writer(store);
        writer.Start();
        writer.BeginCall();

        // The web server has stopped and cut the call short; it records its entry a moment later.
        var stopping = writer.DisposeAsync().AsTask();
        Assert.False(stopping.IsCompleted);
        await writer.RecordAsync(Entry(1));
        writer.EndCall();
        await stopping.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(["led_000001"], store.Entries.Select(e => e.Id));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => writer.RecordAsync(Entry(2)).AsTask());
    }

    [Fact]
    public async Task Dispose_CallThatNeverEnds_StopsAfterTheGraceWithWhatWasRecorded()
    {
        var store = new FakeLedgerStore();
        var writer = Writer(store, new LedgerWriterOptions { ShutdownGrace = TimeSpan.FromMilliseconds(100) });
        writer.Start();
        writer.BeginCall();
        await writer.RecordAsync(Entry(1));

        await writer.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(["led_000001"], store.Entries.Select(e => e.Id));
        Assert.Equal(1, writer.OpenCalls);
    }

    [Fact]
    public void Constructor_ShutdownGraceOutOfRange_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Writer(new FakeLedgerStore(), new LedgerWriterOptions { ShutdownGrace = TimeSpan.FromSeconds(-1) }));
        Assert.Throws<ArgumentOutOfRangeException>(() => Writer(new FakeLedgerStore(), new LedgerWriterOptions { ShutdownGrace = TimeSpan.FromHours(2) }));
    }

    [Fact]
    public async Task Dispose_NeverStarted_StillWritesWhatWasRecorded()
    {
        var store = new FakeLedgerStore();
        var writer = Writer(store);
        await writer.RecordAsync(Entry(1));

        await writer.DisposeAsync();

        Assert.Equal(["led_000001"], store.Entries.Select(e => e.Id));
    }

    [Fact]
    public async Task Record_AfterDispose_Throws()
    {
        var writer = Writer(new FakeLedgerStore());
        writer.Start();
        await writer.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await writer.RecordAsync(Entry(1)));
    }

    [Fact]
    public async Task Flush_WritesWhatWasRecordedWithoutWaitingForTheInterval()
    {
        var store = new FakeLedgerStore();
        await using var writer = Writer(store, new LedgerWriterOptions { FlushInterval = TimeSpan.FromHours(1) });
        writer.Start();
        await writer.RecordAsync(Entry(1));
        await writer.RecordAsync(Entry(2));

        await writer.FlushAsync().WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(["led_000001", "led_000002"], store.Entries.Select(e => e.Id));
    }

    [Fact]
    public async Task Record_BatchFillsBeforeTheIntervalEnds_IsWrittenWithoutWaitingForIt()
    {
        var store = new FakeLedgerStore();
        await using var writer = Writer(store, new LedgerWriterOptions { MaxBatchSize = 10, FlushInterval = TimeSpan.FromHours(1) });
        writer.Start();

        for (var i = 0; i < 25; i++)
        {
            await writer.RecordAsync(Entry(i));
        }

        // Two full batches go at once; the five left over wait for the window (an hour) or a flush.
        await WaitUntilAsync(() => store.Entries.Count >= 20);
        Assert.Equal([10, 10], store.Batches.Select(b => b.Count));
        await writer.FlushAsync().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(25, store.Entries.Count);
    }

    [Fact]
    public async Task Record_WriterAlreadyHoldsPartOfABatch_TheEntriesThatFillItEndTheWindow()
    {
        var store = new FakeLedgerStore();
        await using var writer = Writer(store, new LedgerWriterOptions { MaxBatchSize = 3, FlushInterval = TimeSpan.FromHours(1) });
        writer.Start();

        // Give the writer time to take entry 1 and start its hour-long window; entries 2 and 3 then fill its batch.
        await writer.RecordAsync(Entry(1));
        await Task.Delay(200);
        await writer.RecordAsync(Entry(2));
        await writer.RecordAsync(Entry(3));

        await WaitUntilAsync(() => store.Entries.Count >= 3);
        Assert.Equal([3], store.Batches.Select(b => b.Count));
    }

    [Fact]
    public async Task Record_AfterEntriesWaitedForRoom_AFullBatchIsStillWrittenAtOnce()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var store = new FakeLedgerStore { Gate = gate.Task };
        await using var writer = Writer(store, new LedgerWriterOptions { Capacity = 2, MaxBatchSize = 2, FlushInterval = TimeSpan.FromHours(1) });
        writer.Start();

        // The writer is stuck on its first batch; two entries fill the queue and the fifth waits for room.
        await writer.RecordAsync(Entry(1));
        await writer.RecordAsync(Entry(2));
        await writer.RecordAsync(Entry(3));
        await store.AppendStarted.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await writer.RecordAsync(Entry(4));
        var fifth = writer.RecordAsync(Entry(5)).AsTask();
        gate.SetResult();
        await fifth.WaitAsync(TimeSpan.FromSeconds(30));
        await WaitUntilAsync(() => store.Entries.Count >= 4);

        // Entry 5 waits in the hour-long window; entry 6 makes a full batch, which must not wait for it.
        await writer.RecordAsync(Entry(6));
        await WaitUntilAsync(() => store.Entries.Count >= 6);
        Assert.Equal([2, 2, 2], store.Batches.Select(b => b.Count));
    }

    [Fact]
    public async Task Record_SeveralWithinTheInterval_AreWrittenInOneBatchWhenItEnds()
    {
        var store = new FakeLedgerStore();
        await using var writer = Writer(store, new LedgerWriterOptions { FlushInterval = TimeSpan.FromSeconds(1) });
        writer.Start();

        for (var i = 0; i < 5; i++)
        {
            await writer.RecordAsync(Entry(i));
        }

        await WaitUntilAsync(() => store.Entries.Count >= 5);
        Assert.Equal([5], store.Batches.Select(b => b.Count));
    }

    [Fact]
    public async Task Record_QueueFull_WaitsForRoomInsteadOfDropping()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var store = new FakeLedgerStore { Gate = gate.Task };
        var writer = Writer(store, new LedgerWriterOptions { Capacity = 2, FlushInterval = TimeSpan.FromMilliseconds(1) });
        writer.Start();
        await writer.RecordAsync(Entry(1));
        await store.AppendStarted.Task.WaitAsync(TimeSpan.FromSeconds(30));

        // The writer is stuck writing entry 1: two more fill the queue, the fourth has to wait.
        await writer.RecordAsync(Entry(2));
        await writer.RecordAsync(Entry(3));
        var fourth = writer.RecordAsync(Entry(4)).AsTask();
        await Task.Delay(100);
        Assert.False(fourth.IsCompleted);

        gate.SetResult();
        await fourth.WaitAsync(TimeSpan.FromSeconds(30));
        await writer.DisposeAsync();
        Assert.Equal(["led_000001", "led_000002", "led_000003", "led_000004"], store.Entries.Select(e => e.Id));
    }

    [Fact]
    public async Task Write_StoreFailsTwice_RetriesTheBatchAndLosesNothing()
    {
        var store = new FakeLedgerStore { FailuresLeft = 2 };
        var writer = Writer(store, new LedgerWriterOptions { RetryDelay = TimeSpan.FromMilliseconds(1) });
        writer.Start();
        await writer.RecordAsync(Entry(1));

        await writer.DisposeAsync();

        Assert.Equal(3, store.Attempts);
        Assert.Equal(["led_000001"], store.Entries.Select(e => e.Id));
    }

    [Fact]
    public async Task Write_StoreKeepsFailing_GivesUpAfterMaxAttemptsAndCarriesOn()
    {
        var store = new FakeLedgerStore { FailuresLeft = 3 };
        var writer = Writer(store, new LedgerWriterOptions { MaxAttempts = 3, RetryDelay = TimeSpan.Zero });
        writer.Start();
        await writer.RecordAsync(Entry(1));
        await writer.FlushAsync().WaitAsync(TimeSpan.FromSeconds(30));

        await writer.RecordAsync(Entry(2));
        await writer.DisposeAsync();

        Assert.Equal(4, store.Attempts);
        Assert.Equal(["led_000002"], store.Entries.Select(e => e.Id));
    }

    [Fact]
    public async Task Write_OneEntryTheStoreAlwaysRefuses_LosesOnlyThatEntry()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var store = new FakeLedgerStore { PoisonId = "led_000002", Gate = gate.Task };
        var writer = Writer(store, new LedgerWriterOptions { MaxAttempts = 2, RetryDelay = TimeSpan.Zero });
        writer.Start();

        // Held at the gate, the writer gathers the next three entries into one batch.
        await writer.RecordAsync(Entry(0));
        await store.AppendStarted.Task.WaitAsync(TimeSpan.FromSeconds(30));
        for (var i = 1; i <= 3; i++)
        {
            await writer.RecordAsync(Entry(i));
        }

        gate.SetResult();
        await writer.DisposeAsync();

        Assert.Equal(["led_000000", "led_000001", "led_000003"], store.Entries.Select(e => e.Id).Order());
        Assert.Contains(store.Batches, b => b.Count == 1 && b[0].Id == "led_000003");
    }

    [Fact]
    public async Task Write_LoggerThrowsWhileTheStoreFails_TheWriterCarriesOn()
    {
        var store = new FakeLedgerStore { FailuresLeft = 2 };
        var writer = new LedgerWriter(
            store, TimeProvider.System, new ThrowingLogger(), new LedgerWriterOptions { MaxAttempts = 2, RetryDelay = TimeSpan.Zero });
        writer.Start();

        // The first batch fails twice: one retry and one loss are logged, and both log calls throw.
        await writer.RecordAsync(Entry(1));
        await writer.FlushAsync().WaitAsync(TimeSpan.FromSeconds(30));
        await writer.RecordAsync(Entry(2));
        await writer.FlushAsync().WaitAsync(TimeSpan.FromSeconds(30));
        await writer.DisposeAsync();

        Assert.Equal(3, store.Attempts);
        Assert.Equal(["led_000002"], store.Entries.Select(e => e.Id));
    }

    [Theory]
    [InlineData(0, 256, 200, 5)]
    [InlineData(10, 0, 200, 5)]
    [InlineData(10, 256, 0, 5)]
    [InlineData(10, 256, 200, 0)]
    [InlineData(10, 256, 86_400_001, 5)]
    public void Constructor_SettingOutOfRange_Throws(int capacity, int maxBatchSize, int flushMs, int maxAttempts)
    {
        var options = new LedgerWriterOptions
        {
            Capacity = capacity,
            MaxBatchSize = maxBatchSize,
            FlushInterval = TimeSpan.FromMilliseconds(flushMs),
            MaxAttempts = maxAttempts,
        };

        Assert.Throws<ArgumentOutOfRangeException>(() => Writer(new FakeLedgerStore(), options));
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The writer did not get there within 30 s.");
            await Task.Delay(10);
        }
    }

    private sealed class ThrowingLogger : ILogger<LedgerWriter>
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            throw new InvalidOperationException("The logging provider is broken.");
    }

    private static LedgerWriter Writer(FakeLedgerStore store, LedgerWriterOptions? options = null) =>
        new(store, TimeProvider.System, NullLogger<LedgerWriter>.Instance, options);

    private static LedgerEntry Entry(int i) => new()
    {
        Id = $"led_{i:D6}",
        Timestamp = new DateTimeOffset(2026, 3, 14, 0, 0, 0, TimeSpan.Zero).AddMilliseconds(i),
        CostUsd = 0.001m,
    };
}
