using Switchboard.Providers.OpenAI.Tests.Wire;

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

        using var body = await PooledBody.ReadAsync(content, CancellationToken.None);

        Assert.Equal(bytes, body.Span.ToArray());
    }

    [Fact]
    public async Task Span_AfterDispose_Throws()
    {
        using var content = new ByteArrayContent([1, 2, 3]);
        var body = await PooledBody.ReadAsync(content, CancellationToken.None);

        body.Dispose();

        Assert.Throws<ObjectDisposedException>(() => body.Span.Length);
    }
}
