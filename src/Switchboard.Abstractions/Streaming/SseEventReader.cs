using System.Buffers;
using System.Text;

namespace Switchboard.Abstractions.Streaming;

/// <summary>
/// Reads the <c>data</c> of Server-Sent Events from a stream, one event at a time, as they arrive. It works on the
/// UTF-8 bytes: an event's data is handed out as bytes (<see cref="Data"/>), ready for a JSON parser, without decoding
/// lines to strings on the way. Lines may end in CRLF, LF or CR (the SSE rules); comments and fields other than
/// <c>data</c> are skipped; multi-line data is joined with LF; a leading byte-order mark is ignored.
/// </summary>
public sealed class SseEventReader : IDisposable
{
    /// <summary>The longest line accepted (a single event's data line), so a hostile upstream cannot grow it forever.</summary>
    public const int MaxLineLength = 16 * 1024 * 1024;

    private const int InitialBufferSize = 8192;

    private readonly Stream _stream;
    private byte[] _buffer;
    private int _start;
    private int _end;
    private int _scanned; // bytes after _start already searched for a line ending, so a long line is not searched again

    private byte[] _data;
    private int _dataLength;
    private bool _hasData;
    private bool _skipLineFeed;
    private bool _checkByteOrderMark = true;
    private bool _endOfStream;
    private bool _disposed;

    /// <summary>Initializes a new instance of the <see cref="SseEventReader"/> class over a response stream it then owns.</summary>
    public SseEventReader(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        _stream = stream;
        _buffer = ArrayPool<byte>.Shared.Rent(InitialBufferSize);
        _data = ArrayPool<byte>.Shared.Rent(InitialBufferSize);
    }

    /// <summary>Gets the data of the event the last successful <see cref="ReadAsync"/> returned; valid until the next read.</summary>
    public ReadOnlyMemory<byte> Data => _data.AsMemory(0, _dataLength);

    /// <summary>
    /// Reads the next event that carries data. Returns false at the end of the stream; data left without the blank line
    /// that ends an event is still returned as a last event, so a cut-short stream shows as incomplete data.
    /// </summary>
    public async ValueTask<bool> ReadAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _dataLength = 0;
        _hasData = false;
        while (true)
        {
            if (TryReadEvent())
            {
                return true;
            }

            if (_endOfStream)
            {
                if (_start < _end)
                {
                    ProcessLine(_buffer.AsSpan(_start, _end - _start)); // the last line had no line ending
                    _start = _end;
                }

                return _hasData;
            }

            await FillAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Returns the data of the next event as a string, or null at the end of the stream.</summary>
    public async ValueTask<string?> ReadDataAsync(CancellationToken cancellationToken) =>
        await ReadAsync(cancellationToken).ConfigureAwait(false) ? Encoding.UTF8.GetString(Data.Span) : null;

    /// <inheritdoc />
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _stream.Dispose();
        ArrayPool<byte>.Shared.Return(_buffer);
        ArrayPool<byte>.Shared.Return(_data);
        _buffer = [];
        _data = [];
    }

    /// <summary>Consumes the complete lines in the buffer until one ends an event with data.</summary>
    private bool TryReadEvent()
    {
        if (_checkByteOrderMark)
        {
            if (_end - _start < 3 && !_endOfStream)
            {
                return false; // not enough bytes yet to tell
            }

            _checkByteOrderMark = false;
            if (_buffer.AsSpan(_start, _end - _start).StartsWith("\uFEFF"u8))
            {
                _start += 3;
            }
        }

        while (_start < _end)
        {
            if (_skipLineFeed)
            {
                _skipLineFeed = false;
                if (_buffer[_start] == (byte)'\n')
                {
                    _start++; // the LF of a CRLF split across two reads
                    continue;
                }
            }

            var pending = _buffer.AsSpan(_start, _end - _start);
            var length = pending[_scanned..].IndexOfAny((byte)'\r', (byte)'\n');
            if (length < 0)
            {
                _scanned = pending.Length;
                return false;
            }

            length += _scanned;
            _scanned = 0;

            var terminator = 1;
            if (pending[length] == (byte)'\r')
            {
                if (length + 1 < pending.Length)
                {
                    terminator = pending[length + 1] == (byte)'\n' ? 2 : 1;
                }
                else
                {
                    _skipLineFeed = true; // the next read may start with the LF of this CRLF
                }
            }

            var line = pending[..length];
            _start += length + terminator;
            if (line.IsEmpty)
            {
                if (_hasData)
                {
                    return true;
                }

                continue;
            }

            ProcessLine(line);
        }

        return false;
    }

    private void ProcessLine(ReadOnlySpan<byte> line)
    {
        if (line.IsEmpty || line[0] == (byte)':')
        {
            return; // a comment or keep-alive
        }

        var colon = line.IndexOf((byte)':');
        var field = colon < 0 ? line : line[..colon];
        if (!field.SequenceEqual("data"u8))
        {
            return; // 'event', 'id' and 'retry' are not needed: OpenAI and Anthropic both name the event inside its data
        }

        var value = colon < 0 ? [] : line[(colon + 1)..];
        if (!value.IsEmpty && value[0] == (byte)' ')
        {
            value = value[1..];
        }

        var needed = _dataLength + (_hasData ? 1 : 0) + value.Length;
        if (needed > MaxLineLength)
        {
            throw new InvalidDataException($"A Server-Sent Event's data is longer than {MaxLineLength} bytes.");
        }

        if (needed > _data.Length)
        {
            Grow(ref _data, _dataLength, needed);
        }

        if (_hasData)
        {
            _data[_dataLength++] = (byte)'\n';
        }

        value.CopyTo(_data.AsSpan(_dataLength));
        _dataLength += value.Length;
        _hasData = true;
    }

    private async ValueTask FillAsync(CancellationToken cancellationToken)
    {
        if (_end == _buffer.Length)
        {
            MakeRoom();
        }

        var read = await _stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
        if (read == 0)
        {
            _endOfStream = true;
        }

        _end += read;
    }

    /// <summary>
    /// Makes room behind the unfinished line when the buffer is full: moves the line to the front when that frees at
    /// least half the buffer, and otherwise doubles the buffer. Either way each byte of a long line is copied a bounded
    /// number of times on average, however small the reads it arrives in.
    /// </summary>
    private void MakeRoom()
    {
        var pending = _end - _start;
        if (_start > 0 && (pending <= _buffer.Length / 2 || _buffer.Length >= MaxLineLength))
        {
            _buffer.AsSpan(_start, pending).CopyTo(_buffer);
        }
        else
        {
            if (_buffer.Length >= MaxLineLength)
            {
                throw new InvalidDataException($"A Server-Sent Events line is longer than {MaxLineLength} bytes.");
            }

            var larger = ArrayPool<byte>.Shared.Rent(Math.Min(_buffer.Length * 2, MaxLineLength));
            _buffer.AsSpan(_start, pending).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = larger;
        }

        _start = 0;
        _end = pending;
    }

    private static void Grow(ref byte[] array, int used, int needed)
    {
        var larger = ArrayPool<byte>.Shared.Rent(Math.Max(needed, array.Length * 2));
        array.AsSpan(0, used).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(array);
        array = larger;
    }
}
