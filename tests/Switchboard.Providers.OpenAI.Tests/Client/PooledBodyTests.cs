using Switchboard.Abstractions.Streaming;
using Switchboard.Providers.OpenAI.Tests.Wire;
using Switchboard.Tests.Shared;

namespace Switchboard.Providers.OpenAI.Tests.Client;

public sealed class PooledBodyTests
{
    [Theory]
    [InlineData(0, false)]
    [InlineData(1, true)]
    [InlineData(4096, false)]
    [InlineData(4096, true)]
    [InlineData(100_000, false)]
    [InlineData(100_000, true)]
    public async Task ReadAsync_ReadsTheWholeBody_WithOrWithoutADeclaredLength(int size, bool declared)
    {
        var bytes = new byte[size];
        new Random(size).NextBytes(bytes);
        using var content = new StreamContent(new TrickleStream(bytes, 1000));
        content.Headers.ContentLength = declared ? size : null;

        using var body = await PooledBody.ReadAsync(content, 1 << 20, CancellationToken.None);

        Assert.Equal(bytes, body.Span.ToArray());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ReadAsync_AcceptsABodyOfExactlyTheLimit_AndRefusesOneByteMore(bool declared)
    {
        var bytes = new byte[10_000];
        using var exact = new StreamContent(new TrickleStream(bytes, 777));
        exact.Headers.ContentLength = declared ? bytes.Length : null;
        using var longer = new StreamContent(new TrickleStream([.. bytes, 1], 777));
        longer.Headers.ContentLength = declared ? bytes.Length + 1 : null;

        using (var body = await PooledBody.ReadAsync(exact, 10_000, CancellationToken.None))
        {
            Assert.Equal(10_000, body.Span.Length);
        }

        await Assert.ThrowsAsync<InvalidDataException>(() => PooledBody.ReadAsync(longer, 10_000, CancellationToken.None));
    }

    [Fact]
    public async Task ReadAsync_StopsReadingAnEndlessBodyAtTheLimit()
    {
        using var content = new StreamContent(new EndlessStream());

        var exception = await Assert.ThrowsAsync<InvalidDataException>(() => PooledBody.ReadAsync(content, 1 << 20, CancellationToken.None));

        Assert.Contains("1,048,576", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Span_AfterDispose_Throws()
    {
        using var content = new ByteArrayContent([1, 2, 3]);
        var body = await PooledBody.ReadAsync(content, 1 << 20, CancellationToken.None);

        body.Dispose();

        Assert.Throws<ObjectDisposedException>(() => body.Span.Length);
    }
}
