using Microsoft.Extensions.AI;
using Switchboard.Gateway.Caching;
using Switchboard.Gateway.Tests.Fakes;
using static Switchboard.Gateway.Tests.Caching.CacheFixtures;

namespace Switchboard.Gateway.Tests.Caching;

public sealed class MemoryResponseCacheTests
{
    private static readonly TimeSpan Ttl = TimeSpan.FromMinutes(5);
    private readonly ManualTimeProvider _time = new(Start);

    [Fact]
    public async Task GetAsync_AfterSet_ReturnsAnswerAndCountsHitsAndMisses()
    {
        var cache = new MemoryResponseCache(new ResponseCacheOptions(), _time);

        var before = await cache.GetAsync("a", default);
        Assert.True(await cache.SetAsync("a", Entry("first"), Ttl, default));
        var after = await cache.GetAsync("a", default);

        Assert.Null(before);
        Assert.Equal("first", after?.ToChatResponse().Text);
        Assert.Equal(1, cache.Hits);
        Assert.Equal(1, cache.Misses);
        Assert.Equal(1, cache.Count);
    }

    [Fact]
    public async Task SetAsync_OverMaxBytes_EvictsLeastRecentlyUsed()
    {
        var entry = Entry("a");
        var entryBytes = entry.ApproximateBytes + MemoryResponseCache.EntryOverheadBytes + (1 * 2);
        var cache = new MemoryResponseCache(new ResponseCacheOptions { MaxBytes = (2 * entryBytes) + (entryBytes / 2) }, _time);
        await cache.SetAsync("a", entry, Ttl, default);
        await cache.SetAsync("b", Entry("b"), Ttl, default);

        // Reading "a" makes "b" the least recently used.
        Assert.NotNull(await cache.GetAsync("a", default));
        await cache.SetAsync("c", Entry("c"), Ttl, default);

        Assert.NotNull(await cache.GetAsync("a", default));
        Assert.Null(await cache.GetAsync("b", default));
        Assert.NotNull(await cache.GetAsync("c", default));
        Assert.Equal(1, cache.Evictions);
        Assert.Equal(2, cache.Count);
        Assert.Equal(2 * entryBytes, cache.Bytes);
    }

    [Fact]
    public async Task SetAsync_EntryLargerThanMaxBytes_IsNotStored()
    {
        var large = Entry(new string('x', 1_000));
        var cache = new MemoryResponseCache(new ResponseCacheOptions { MaxBytes = large.ApproximateBytes }, _time);
        await cache.SetAsync("small", Entry("s"), Ttl, default);

        var stored = await cache.SetAsync("large", large, Ttl, default);

        Assert.False(stored);
        Assert.Null(await cache.GetAsync("large", default));
        Assert.NotNull(await cache.GetAsync("small", default));
        Assert.Equal(0, cache.Evictions);
    }

    [Fact]
    public async Task GetAsync_AfterTtl_ReturnsNullAndDropsEntry()
    {
        var cache = new MemoryResponseCache(new ResponseCacheOptions(), _time);
        await cache.SetAsync("a", Entry("first"), TimeSpan.FromSeconds(10), default);

        _time.Advance(TimeSpan.FromSeconds(9));
        var live = await cache.GetAsync("a", default);
        _time.Advance(TimeSpan.FromSeconds(1));
        var expired = await cache.GetAsync("a", default);

        Assert.NotNull(live);
        Assert.Null(expired);
        Assert.Equal(0, cache.Count);
        Assert.Equal(0, cache.Bytes);
    }

    [Fact]
    public async Task SetAsync_SameKeyTwice_ReplacesAnswerAndCountsItsSizeOnce()
    {
        var cache = new MemoryResponseCache(new ResponseCacheOptions(), _time);
        await cache.SetAsync("a", Entry("first"), Ttl, default);
        var once = cache.Bytes;

        await cache.SetAsync("a", Entry("other"), Ttl, default);

        Assert.Equal("other", (await cache.GetAsync("a", default))?.ToChatResponse().Text);
        Assert.Equal(once, cache.Bytes);
        Assert.Equal(1, cache.Count);
    }

    [Fact]
    public async Task SetAndGet_ConcurrentlyFromManyThreads_StayConsistent()
    {
        const int Threads = 4;
        const int OperationsPerThread = 100_000;
        var entry = Entry("x");
        var entryBytes = entry.ApproximateBytes + MemoryResponseCache.EntryOverheadBytes + (3 * 2);
        var cache = new MemoryResponseCache(new ResponseCacheOptions { MaxBytes = 8 * entryBytes }, _time);
        await cache.SetAsync("hot", entry, Ttl, default);
        using var start = new Barrier(Threads);

        // Tight loops started together, so that races are likely to show as lost counts, wrong sizes or a broken list.
        var workers = Enumerable.Range(0, Threads).Select(t => Task.Factory.StartNew(
            async () =>
            {
                start.SignalAndWait();
                for (var i = 0; i < OperationsPerThread; i++)
                {
                    var key = $"k{(i + t) % 16:D2}";
                    if (i % 3 == 0)
                    {
                        await cache.SetAsync(key, entry, Ttl, default);
                    }
                    else
                    {
                        await cache.GetAsync(i % 2 == 0 ? "hot" : key, default);
                    }
                }
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default).Unwrap()).ToArray();
        await Task.WhenAll(workers);

        var gets = Threads * (OperationsPerThread - ((OperationsPerThread + 2) / 3));
        Assert.Equal(gets, cache.Hits + cache.Misses);
        Assert.InRange(cache.Bytes, 0, 8 * entryBytes);
        Assert.Equal(cache.Count * entryBytes, cache.Bytes);
    }

    private static CachedResponse Entry(string text) =>
        CachedResponse.TryCreate(new ChatResponse(new ChatMessage(ChatRole.Assistant, text)) { FinishReason = ChatFinishReason.Stop })!;
}
