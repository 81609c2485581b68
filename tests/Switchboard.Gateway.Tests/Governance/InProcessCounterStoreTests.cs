using Switchboard.Abstractions.Governance;
using Switchboard.Gateway.Governance;
using Switchboard.Gateway.Tests.Fakes;

namespace Switchboard.Gateway.Tests.Governance;

public sealed class InProcessCounterStoreTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);
    private readonly ManualTimeProvider _clock = new(Start);
    private readonly InProcessCounterStore _store;

    public InProcessCounterStoreTests() => _store = new InProcessCounterStore(_clock);

    private DateTimeOffset InOneHour => _clock.GetUtcNow().AddHours(1);

    [Fact]
    public async Task TryAddAsync_ThousandConcurrentCharges_NeverExceedsTheLimit()
    {
        const long limit = 500;
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var tasks = Enumerable.Range(0, 1000).Select(_ => Task.Run(async () =>
        {
            await gate.Task;
            return await _store.TryAddAsync([new CounterCharge("c", 1, limit, InOneHour)], CancellationToken.None);
        })).ToArray();
        gate.SetResult();

        var results = await Task.WhenAll(tasks);

        Assert.Equal(500, results.Count(r => r.Admitted));
        Assert.All(results.Where(r => r.Admitted), r => Assert.InRange(r.Values[0], 1, limit));
        Assert.All(results.Where(r => !r.Admitted), r => Assert.Equal(0, r.RejectedIndex));
        Assert.Equal(limit, await _store.GetAsync("c", CancellationToken.None));
    }

    [Fact]
    public async Task AChargeNoCounterCanHold_PinsItAtTheTopInsteadOfWrappingToNegative()
    {
        await _store.AddAsync([new CounterCharge("spent", 1_000, 10_000, InOneHour)], CancellationToken.None);
        await _store.AddAsync([new CounterCharge("spent", long.MaxValue - 10, 10_000, InOneHour)], CancellationToken.None);

        Assert.Equal(long.MaxValue, await _store.GetAsync("spent", CancellationToken.None));
        var next = await _store.TryAddAsync([new CounterCharge("spent", 1, 10_000, InOneHour)], CancellationToken.None);
        Assert.False(next.Admitted);
        Assert.Equal(long.MaxValue, await _store.GetAsync("spent", CancellationToken.None));
    }

    [Fact]
    public async Task SeedAsync_StartsAMissingOrExpiredCounterAndLeavesALiveOneAlone()
    {
        await _store.SeedAsync(new CounterCharge("fresh", 40, 100, InOneHour), CancellationToken.None);
        await _store.SeedAsync(new CounterCharge("fresh", 70, 100, InOneHour), CancellationToken.None);
        await _store.AddAsync([new CounterCharge("charged", 5, 100, InOneHour)], CancellationToken.None);
        await _store.SeedAsync(new CounterCharge("charged", 70, 100, InOneHour), CancellationToken.None);
        await _store.AddAsync([new CounterCharge("old", 5, 100, _clock.GetUtcNow().AddMinutes(1))], CancellationToken.None);
        _clock.Advance(TimeSpan.FromMinutes(2));
        await _store.SeedAsync(new CounterCharge("old", 9, 100, InOneHour), CancellationToken.None);

        Assert.Equal(40, await _store.GetAsync("fresh", CancellationToken.None));
        Assert.Equal(5, await _store.GetAsync("charged", CancellationToken.None));
        Assert.Equal(9, await _store.GetAsync("old", CancellationToken.None));
        Assert.False((await _store.TryAddAsync([new CounterCharge("fresh", 61, 100, InOneHour)], CancellationToken.None)).Admitted);
    }

    [Fact]
    public async Task TryAddAsync_OneChargeOverItsLimit_ChangesNoCounter()
    {
        await _store.AddAsync([new CounterCharge("a", 2, 0, InOneHour), new CounterCharge("b", 1, 0, InOneHour)], CancellationToken.None);

        var result = await _store.TryAddAsync(
            [new CounterCharge("a", 5, 10, InOneHour), new CounterCharge("b", 5, 5, InOneHour), new CounterCharge("c", 1, 10, InOneHour)],
            CancellationToken.None);

        Assert.False(result.Admitted);
        Assert.Equal(1, result.RejectedIndex);
        Assert.Equal([2L, 1L, 0L], result.Values);
        Assert.Equal(2, await _store.GetAsync("a", CancellationToken.None));
        Assert.Equal(1, await _store.GetAsync("b", CancellationToken.None));
        Assert.Equal(0, await _store.GetAsync("c", CancellationToken.None));
    }

    [Fact]
    public async Task TryAddAsync_SameKeyTwice_ChecksTheSumAgainstTheLimit()
    {
        await _store.AddAsync([new CounterCharge("a", 5, 0, InOneHour)], CancellationToken.None);

        // Each alone fits (5 + 4 <= 10); together they would make 13.
        var refused = await _store.TryAddAsync([new CounterCharge("a", 4, 10, InOneHour), new CounterCharge("a", 4, 10, InOneHour)], CancellationToken.None);
        var admitted = await _store.TryAddAsync([new CounterCharge("a", 2, 10, InOneHour), new CounterCharge("a", 3, 10, InOneHour)], CancellationToken.None);

        Assert.False(refused.Admitted);
        Assert.Equal(1, refused.RejectedIndex);
        Assert.True(admitted.Admitted);
        Assert.Equal([7L, 10L], admitted.Values);
        Assert.Equal(10, await _store.GetAsync("a", CancellationToken.None));
    }

    [Fact]
    public async Task GetAsync_AfterTheWindowEnds_CountsFromZeroAgain()
    {
        await _store.AddAsync([new CounterCharge("w", 7, 0, Start.AddMinutes(1))], CancellationToken.None);
        Assert.Equal(7, await _store.GetAsync("w", CancellationToken.None));

        _clock.Advance(TimeSpan.FromMinutes(1));

        Assert.Equal(0, await _store.GetAsync("w", CancellationToken.None));
        var result = await _store.TryAddAsync([new CounterCharge("w", 3, 3, Start.AddMinutes(5))], CancellationToken.None);
        Assert.True(result.Admitted);
        Assert.Equal(3, result.Values[0]);
    }

    [Fact]
    public async Task Sweep_ManyOperations_RemovesExpiredCountersAndKeepsLiveCounts()
    {
        // 100 counters that expire in a minute, then enough concurrent operations on live counters to sweep twice.
        for (var i = 0; i < 100; i++)
        {
            await _store.AddAsync([new CounterCharge($"old:{i}", 1, 0, Start.AddMinutes(1))], CancellationToken.None);
        }

        _clock.Advance(TimeSpan.FromMinutes(2));
        const int perKey = 1000;
        var keys = Enumerable.Range(0, 10).Select(i => $"live:{i}").ToArray();
        await Parallel.ForEachAsync(Enumerable.Range(0, perKey * keys.Length), async (n, ct) =>
        {
            var key = keys[n % keys.Length];
            var expires = Start.AddDays(1);
            if (n % 2 == 0)
            {
                var result = await _store.TryAddAsync([new CounterCharge(key, 1, long.MaxValue, expires)], ct);
                Assert.True(result.Admitted);
            }
            else
            {
                await _store.AddAsync([new CounterCharge(key, 1, 0, expires)], ct);
            }
        });

        foreach (var key in keys)
        {
            Assert.Equal(perKey, await _store.GetAsync(key, CancellationToken.None));
        }

        Assert.Equal(keys.Length, _store.Count);
    }
}
