using System.Buffers;

namespace Switchboard.Server.OpenAI;

/// <summary>
/// Writes Server-Sent Events to a response: callers write an event's JSON into <see cref="Buffer"/>, then
/// <see cref="FlushEventAsync"/> frames it as <c>data: …</c> and flushes it to the client at once, or
/// <see cref="WriteEvent"/> frames it and leaves the flush to <see cref="FlushAsync"/>.
/// </summary>
internal sealed class SseResponseWriter
{
    private static readonly byte[] DataPrefix = "data: "u8.ToArray();
    private static readonly byte[] EventEnd = "\n\n"u8.ToArray();
    private static readonly byte[] Done = "data: [DONE]\n\n"u8.ToArray();

    // Events written without a flush (see WriteEvent) go out at the latest once this many bytes are waiting.
    internal const int FlushThreshold = 16 * 1024;

    private readonly HttpResponse _response;
    private readonly string _api;
    private int _unflushed;

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

    /// <summary>Gets whether events have been written that are not yet flushed to the client.</summary>
    public bool HasUnflushed => _unflushed > 0;

    /// <summary>Gets whether so much is written unflushed that it should go out now, whatever comes next.</summary>
    public bool ShouldFlush => _unflushed >= FlushThreshold;

    /// <summary>Writes the buffered data as one event, optionally named, and flushes it.</summary>
    public Task FlushEventAsync(CancellationToken cancellationToken, string? eventName = null)
    {
        WriteEvent(eventName);
        return FlushAsync(cancellationToken);
    }

    /// <summary>
    /// Writes the buffered data as one event, optionally named, without flushing it: a caller that already holds the
    /// next update (it arrived in the same read from upstream) sends both in one write, and flushes with
    /// <see cref="FlushAsync"/> before it waits for more.
    /// </summary>
    public void WriteEvent(string? eventName = null)
    {
        var pipe = _response.BodyWriter;
        if (eventName is not null)
        {
            pipe.Write("event: "u8);
            var span = pipe.GetSpan(System.Text.Encoding.UTF8.GetMaxByteCount(eventName.Length));
            var written = System.Text.Encoding.UTF8.GetBytes(eventName, span);
            pipe.Advance(written);
            pipe.Write("\n"u8);
            _unflushed += 8 + written;
        }

        pipe.Write(DataPrefix);
        pipe.Write(Buffer.WrittenSpan);
        pipe.Write(EventEnd);
        _unflushed += DataPrefix.Length + Buffer.WrittenCount + EventEnd.Length;
        Buffer.ResetWrittenCount();
    }

    /// <summary>Sends what has been written to the client.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        _unflushed = 0;
        await _response.BodyWriter.FlushAsync(cancellationToken);
    }

    /// <summary>Writes the OpenAI end-of-stream marker.</summary>
    public async Task WriteDoneAsync(CancellationToken cancellationToken)
    {
        _response.BodyWriter.Write(Done);
        _unflushed = 0;
        await _response.BodyWriter.FlushAsync(cancellationToken);
    }
}
