using System.Text.Json;

namespace Switchboard.Server.Tests.Infrastructure;

/// <summary>Reads Server-Sent Events from a response, one at a time, as a streaming client would.</summary>
public sealed class SseParser : IDisposable
{
    private readonly StreamReader _reader;

    public SseParser(Stream stream)
    {
        _reader = new StreamReader(stream);
    }

    public static async Task<List<SseEvent>> ReadAllAsync(HttpResponseMessage response)
    {
        using var parser = new SseParser(await response.Content.ReadAsStreamAsync());
        var events = new List<SseEvent>();
        while (await parser.NextAsync(CancellationToken.None) is { } e)
        {
            events.Add(e);
        }

        return events;
    }

    public async Task<SseEvent?> NextAsync(CancellationToken cancellationToken)
    {
        string? name = null;
        string? data = null;
        while (await _reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Length == 0)
            {
                if (data is not null)
                {
                    return new SseEvent(name, data);
                }

                continue;
            }

            if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                name = line[7..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                data = data is null ? line[6..] : data + "\n" + line[6..];
            }
        }

        return data is null ? null : new SseEvent(name, data);
    }

    public void Dispose() => _reader.Dispose();
}
