using System.Buffers;
using System.Globalization;

namespace Switchboard.Abstractions.Streaming;

/// <summary>
/// A whole response body, up to a limit, read into an array rented from <see cref="ArrayPool{T}.Shared"/> and
/// returned (cleared) on dispose. The adapters read upstream answers with it instead of <c>JsonDocument.ParseAsync</c>,
/// which buffered the body the same way, without a limit, and then built a document.
/// </summary>
public sealed class PooledBody : IDisposable
{
    private const int FirstBufferBytes = 4096;

    private byte[]? _buffer;
    private int _length;

    private PooledBody(byte[] buffer)
    {
        _buffer = buffer;
    }

    /// <summary>Gets the bytes read.</summary>
    public ReadOnlySpan<byte> Span => Memory.Span;

    /// <summary>Gets the bytes read; valid until the body is disposed.</summary>
    public ReadOnlyMemory<byte> Memory => _buffer is { } buffer ? buffer.AsMemory(0, _length) : throw new ObjectDisposedException(nameof(PooledBody));

    /// <summary>Reads the whole content, refusing a body longer than <paramref name="maxBytes"/>.</summary>
    /// <param name="content">The content to read.</param>
    /// <param name="maxBytes">The most bytes accepted; the read stops as soon as the body is known to be longer.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <exception cref="InvalidDataException">The body is longer than <paramref name="maxBytes"/>.</exception>
    public static async Task<PooledBody> ReadAsync(HttpContent content, int maxBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxBytes);
        if (content.Headers.ContentLength > maxBytes)
        {
            throw TooLong(maxBytes);
        }

        // A declared length sizes the first buffer (one more byte, so that the end is seen without growing); a body
        // that is longer or has no length grows it. A declared length is not trusted beyond 1 MiB.
        var declared = content.Headers.ContentLength;
        var body = new PooledBody(ArrayPool<byte>.Shared.Rent(declared is > 0 and < 1 << 20 ? (int)declared + 1 : FirstBufferBytes));
        try
        {
            var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                while (true)
                {
                    if (body._length == body._buffer!.Length)
                    {
                        body.Grow(maxBytes + 1L);
                    }

                    // Never more than one byte past the limit, whatever size the pool handed out.
                    var room = (int)Math.Min(body._buffer.Length - body._length, maxBytes + 1L - body._length);
                    var read = await stream.ReadAsync(body._buffer.AsMemory(body._length, room), cancellationToken).ConfigureAwait(false);
                    if (read == 0)
                    {
                        return body;
                    }

                    body._length += read;
                    if (body._length > maxBytes)
                    {
                        throw TooLong(maxBytes);
                    }
                }
            }
        }
        catch
        {
            body.Dispose();
            throw;
        }
    }

    /// <summary>Returns the buffer to the pool, cleared: it held a model's answer.</summary>
    public void Dispose()
    {
        if (_buffer is { } buffer)
        {
            _buffer = null;
            buffer.AsSpan(0, _length).Clear();
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static InvalidDataException TooLong(int maxBytes) =>
        new(string.Create(CultureInfo.InvariantCulture, $"The response body is longer than {maxBytes:N0} bytes, the most that is read."));

    private void Grow(long limit)
    {
        var old = _buffer!;
        var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min(Math.Min((long)old.Length * 2, Array.MaxLength), limit));
        old.AsSpan(0, _length).CopyTo(larger);
        _buffer = larger;
        old.AsSpan(0, _length).Clear();
        ArrayPool<byte>.Shared.Return(old);
    }
}
