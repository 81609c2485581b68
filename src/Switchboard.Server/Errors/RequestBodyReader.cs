using System.Buffers;

namespace Switchboard.Server.Errors;

/// <summary>Reads a whole request body, refusing bodies over the configured limit before they are buffered.</summary>
internal static class RequestBodyReader
{
    // What to ask for per read when the length is unknown (a chunked body), or once the declared length has been read.
    private const int ChunkSize = 4096;

    public static async Task<ReadOnlyMemory<byte>> ReadAsync(HttpRequest request, long limit, CancellationToken cancellationToken)
    {
        var declared = request.ContentLength;
        if (declared > limit)
        {
            throw new PayloadTooLargeException(limit);
        }

        // With a Content-Length, one array of that size plus the byte the final, empty read needs: asking for a whole
        // chunk on every read would grow a 200-byte body's buffer to 4 KB, on every request.
        var buffer = new ArrayBufferWriter<byte>(declared is { } length ? (int)length + 1 : ChunkSize);
        while (true)
        {
            // GetMemory hands out all the free space; the hint only says how much must be free.
            var wanted = declared switch
            {
                null => ChunkSize,
                { } expected when buffer.WrittenCount < expected => (int)(expected - buffer.WrittenCount),
                _ => 1,
            };
            var read = await request.Body.ReadAsync(buffer.GetMemory(wanted), cancellationToken);
            if (read == 0)
            {
                return buffer.WrittenMemory;
            }

            buffer.Advance(read);
            if (buffer.WrittenCount > limit)
            {
                throw new PayloadTooLargeException(limit);
            }
        }
    }
}
