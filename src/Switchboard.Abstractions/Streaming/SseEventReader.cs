using System.Text;

namespace Switchboard.Abstractions.Streaming;

/// <summary>Reads the <c>data</c> of Server-Sent Events from a stream, one event at a time, as they arrive.</summary>
public sealed class SseEventReader : IDisposable
{
    private readonly StreamReader _reader;
    private readonly StringBuilder _data = new();

    /// <summary>Initializes a new instance of the <see cref="SseEventReader"/> class over a response stream it then owns.</summary>
    public SseEventReader(Stream stream)
    {
        _reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: false, bufferSize: 4096);
    }

    /// <summary>Returns the data of the next event, or null at the end of the stream.</summary>
    public async ValueTask<string?> ReadDataAsync(CancellationToken cancellationToken)
    {
        _data.Clear();
        var hasData = false;
        while (true)
        {
            var line = await _reader.ReadLineAsync(cancellationToken).ConfigureAwait(false);
            if (line is null)
            {
                return hasData ? _data.ToString() : null;
            }

            if (line.Length == 0)
            {
                if (hasData)
                {
                    return _data.ToString();
                }

                continue;
            }

            if (line[0] == ':')
            {
                continue; // comment / keep-alive
            }

            if (line.StartsWith("data:", StringComparison.Ordinal))
            {
                var value = line.AsSpan(5);
                if (value.Length > 0 && value[0] == ' ')
                {
                    value = value[1..];
                }

                if (hasData)
                {
                    _data.Append('\n');
                }

                _data.Append(value);
                hasData = true;
            }

            // 'event:', 'id:' and 'retry:' are not needed: OpenAI and Anthropic both name the event inside its data.
        }
    }

    /// <inheritdoc />
    public void Dispose() => _reader.Dispose();
}
