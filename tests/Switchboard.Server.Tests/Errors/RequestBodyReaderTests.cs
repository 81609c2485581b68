using System.Runtime.InteropServices;
using Microsoft.AspNetCore.Http;
using Switchboard.Server.Errors;

namespace Switchboard.Server.Tests.Errors;

public sealed class RequestBodyReaderTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(158)]
    [InlineData(4096)]
    [InlineData(100_000)]
    public async Task ReadAsync_WithContentLength_ReadsTheBodyIntoOneArrayOfItsSize(int length)
    {
        var body = Body(length);
        var request = Request(body, declare: true, readSize: 1000);

        var read = await RequestBodyReader.ReadAsync(request, limit: 1 << 20, CancellationToken.None);

        Assert.Equal(body, read.ToArray());
        Assert.True(MemoryMarshal.TryGetArray(read, out var segment));

        // The length and the one byte the final, empty read needs: no 4 KB chunk for a small body, no regrowth.
        Assert.Equal(length + 1, segment.Array!.Length);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(158)]
    [InlineData(10_000)]
    public async Task ReadAsync_WithoutContentLength_ReadsTheWholeBody(int length)
    {
        var body = Body(length);

        var read = await RequestBodyReader.ReadAsync(Request(body, declare: false, readSize: 777), limit: 1 << 20, CancellationToken.None);

        Assert.Equal(body, read.ToArray());
    }

    [Fact]
    public async Task ReadAsync_MoreThanDeclared_StillReadsItAllAndKeepsTheLimit()
    {
        // Kestrel enforces Content-Length; another server or a test host may not, and the limit must still hold.
        var request = Request(Body(5_000), declare: false, readSize: 512);
        request.ContentLength = 100;

        Assert.Equal(5_000, (await RequestBodyReader.ReadAsync(request, limit: 10_000, CancellationToken.None)).Length);

        var over = Request(Body(5_000), declare: false, readSize: 512);
        over.ContentLength = 100;
        await Assert.ThrowsAsync<PayloadTooLargeException>(() => RequestBodyReader.ReadAsync(over, limit: 4_000, CancellationToken.None));
    }

    [Fact]
    public async Task ReadAsync_DeclaredOverTheLimit_IsRefusedBeforeReading()
    {
        var request = Request(Body(10), declare: false, readSize: 10);
        request.ContentLength = 5_000;

        await Assert.ThrowsAsync<PayloadTooLargeException>(() => RequestBodyReader.ReadAsync(request, limit: 4_000, CancellationToken.None));
        Assert.Equal(0, request.Body.Position);
    }

    private static byte[] Body(int length) => [.. Enumerable.Range(0, length).Select(i => (byte)('a' + (i % 26)))];

    private static HttpRequest Request(byte[] body, bool declare, int readSize)
    {
        var context = new DefaultHttpContext();
        context.Request.Body = new ShortReadStream(body, readSize);
        if (declare)
        {
            context.Request.ContentLength = body.Length;
        }

        return context.Request;
    }

    /// <summary>Returns at most <c>readSize</c> bytes a read, as a network stream may.</summary>
    private sealed class ShortReadStream(byte[] data, int readSize) : MemoryStream(data)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, readSize)], cancellationToken);
    }
}
