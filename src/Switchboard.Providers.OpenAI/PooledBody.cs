using System.Buffers;

namespace Switchboard.Providers.OpenAI;

/// <summary>
/// A whole response body read into an array rented from <see cref="ArrayPool{T}.Shared"/>, returned on dispose. It
/// replaces <c>JsonDocument.ParseAsync</c>, which buffered the body the same way and then built a document; the answer
/// is now read from the bytes directly.
/// </summary>
internal sealed class PooledBody : IDisposable
{
    private const int FirstBufferBytes = 4096;

    private byte[]? _buffer;
    private int _length;

    private PooledBody(byte[] buffer)
    {
        _buffer = buffer;
    }

    /// <summary>Gets the bytes read.</summary>
    public ReadOnlySpan<byte> Span => _buffer is { } buffer ? buffer.AsSpan(0, _length) : throw new ObjectDisposedException(nameof(PooledBody));

    /// <summary>Reads the whole content.</summary>
    /// <exception cref="InvalidDataException">The body is larger than an array can hold.</exception>
    public static async Task<PooledBody> ReadAsync(HttpContent content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);

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
                        body.Grow();
                    }

                    var read = await stream.ReadAsync(body._buffer.AsMemory(body._length), cancellationToken).ConfigureAwait(false);
                    if (read == 0)
                    {
                        return body;
                    }

                    body._length += read;
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

    private void Grow()
    {
        var old = _buffer!;
        if (old.Length >= Array.MaxLength)
        {
            throw new InvalidDataException("The response body is larger than the largest array.");
        }

        var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)old.Length * 2, Array.MaxLength));
        old.AsSpan(0, _length).CopyTo(larger);
        _buffer = larger;
        old.AsSpan(0, _length).Clear();
        ArrayPool<byte>.Shared.Return(old);
    }
}
