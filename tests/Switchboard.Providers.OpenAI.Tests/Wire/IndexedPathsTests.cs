using Switchboard.Abstractions.Json;

namespace Switchboard.Providers.OpenAI.Tests.Wire;

public sealed class IndexedPathsTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(63)]
    [InlineData(64)]
    [InlineData(100_000)]
    public void Indexer_GivesTheFormattedPath_CachedOrNot(int index)
    {
        var paths = new IndexedPaths(i => $"messages[{i}].content");

        Assert.Equal($"messages[{index}].content", paths[index]);
    }

    [Fact]
    public void Indexer_FirstIndexes_AreMadeOnce()
    {
        var paths = new IndexedPaths(i => $"messages.{i}");

        Assert.Same(paths[5], paths[5]);
        Assert.NotSame(paths[64], paths[64]);
    }
}
