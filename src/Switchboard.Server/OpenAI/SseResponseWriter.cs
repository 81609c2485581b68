using System.Buffers;

namespace Switchboard.Server.OpenAI;

/// <summary>
/// Writes Server-Sent Events to a response: callers write an event's JSON into <see cref="Buffer"/>, then
/// <see cref="FlushEventAsync"/> frames it as <c>data: …</c> and flushes it to the client at once.
/// </summary>
internal sealed class SseResponseWriter
{
    private static readonly byte[] DataPrefix = "data: "u8.ToArray();
    private static readonly byte[] EventEnd = "\n\n"u8.ToArray();
    private static readonly byte[] Done = "data: [DONE]\n\n"u8.ToArray();

    private readonly HttpResponse _response;
    private readonly string _api;

    /// <param name="response">The response to stream to.</param>
    /// <param name="api">The API, for the open-streams metric (a constant of <see cref="Telemetry.SseStreamTracker"/>).</param>
    public SseResponseWriter(HttpResponse response, string api)
    {
        _response = response;
        _api = api;
    }

    /// <summary>Gets the buffer the next event's data is written to.</summary>
    public ArrayBufferWriter<byte> Buffer { get; } = new(1024);

    /// <summary>Sets the event-stream headers and counts the stream as open; call before the first event.</summary>
    public void Start()
    {
        Telemetry.SseStreamTracker.Track(_response, _api);
        _response.StatusCode = StatusCodes.Status200OK;
        _response.ContentType = "text/event-stream; charset=utf-8";
        _response.Headers.CacheControl = "no-cache";
        _response.Headers["X-Accel-Buffering"] = "no"; // nginx: do not buffer the stream
        _response.HttpContext.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpResponseBodyFeature>()?.DisableBuffering();
    }

    /// <summary>Writes the buffered data as one event, optionally named, and flushes it.</summary>
    public async Task FlushEventAsync(CancellationToken cancellationToken, string? eventName = null)
    {
        var pipe = _response.BodyWriter;
        if (eventName is not null)
        {
            pipe.Write("event: "u8);
            pipe.Write(System.Text.Encoding.UTF8.GetBytes(eventName));
            pipe.Write("\n"u8);
        }

        pipe.Write(DataPrefix);
        pipe.Write(Buffer.WrittenSpan);
        pipe.Write(EventEnd);
        Buffer.ResetWrittenCount();
        await pipe.FlushAsync(cancellationToken);
    }

    /// <summary>Writes the OpenAI end-of-stream marker.</summary>
    public async Task WriteDoneAsync(CancellationToken cancellationToken)
    {
        _response.BodyWriter.Write(Done);
        await _response.BodyWriter.FlushAsync(cancellationToken);
    }
}
