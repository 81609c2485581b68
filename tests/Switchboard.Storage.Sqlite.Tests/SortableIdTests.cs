using Switchboard.Abstractions.Ids;

namespace Switchboard.Storage.Sqlite.Tests;

public sealed class SortableIdTests
{
    [Fact]
    public void New_IdsSortByCreationTime()
    {
        var clock = new ManualTimeProvider(DateTimeOffset.UnixEpoch.AddYears(50));
        var ids = new List<string>();
        for (var i = 0; i < 100; i++)
        {
            ids.Add(SortableId.New("conv", clock));
            clock.Advance(TimeSpan.FromMilliseconds(1));
        }

        Assert.Equal(ids, ids.Order(StringComparer.Ordinal));
        Assert.All(ids, id => Assert.Matches("^conv_[0-9a-hjkmnp-tv-z]{26}$", id));
    }

    [Fact]
    public void New_SameMillisecond_StillUnique()
    {
        var clock = new ManualTimeProvider(DateTimeOffset.UnixEpoch);

        var ids = Enumerable.Range(0, 10_000).Select(_ => SortableId.New("msg", clock)).ToHashSet();

        Assert.Equal(10_000, ids.Count);
    }

    [Fact]
    public async Task New_FromManyThreadsAtOnce_StillUnique()
    {
        var clock = new ManualTimeProvider(DateTimeOffset.UnixEpoch);

        var batches = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
            Enumerable.Range(0, 5_000).Select(_ => SortableId.New("led", clock)).ToList())));

        Assert.Equal(40_000, batches.SelectMany(ids => ids).Distinct(StringComparer.Ordinal).Count());
    }
}
