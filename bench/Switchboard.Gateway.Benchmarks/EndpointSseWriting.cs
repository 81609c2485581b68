using System.Buffers;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.AI;
using Switchboard.Providers.Anthropic.Wire;
using Switchboard.Providers.OpenAI.Wire;
using Switchboard.Server.OpenAI;
using Switchboard.Server.Telemetry;

namespace Switchboard.Gateway.Benchmarks;

/// <summary>
/// The Server-Sent Event writing of the two streaming endpoints, with the pipeline's updates taken from an array instead
/// of awaited: <c>OpenAIEndpoints.StreamAsync</c> (<see cref="SseResponseWriter"/> and <see cref="OpenAIChunkWriter"/>)
/// and <c>AnthropicEndpoints.MessagesAsync</c> (<see cref="AnthropicStreamWriter"/> and the endpoint's own framing).
/// The loops live in private endpoint methods, so they are repeated here: keep them in step with the endpoints. The
/// routing headers set before the first event are left out.
/// </summary>
internal static class EndpointSseWriting
{
    /// <summary>Writes the stream as <c>POST /v1/chat/completions</c> does: a chunk per update, the usage chunk, <c>[DONE]</c>.</summary>
    public static async Task WriteOpenAIAsync(HttpResponse response, ChatResponseUpdate[] updates, bool includeUsage)
    {
        var cancellationToken = CancellationToken.None;
        var first = updates[0];
        var sse = new SseResponseWriter(response, SseStreamTracker.OpenAI);
        sse.Start();
        var writer = new OpenAIChunkWriter(first.ResponseId!, first.CreatedAt!.Value, first.ModelId!, includeUsage);
        for (var i = 0; i < updates.Length; i++)
        {
            if (writer.WriteUpdate(sse.Buffer, updates[i]))
            {
                await sse.FlushEventAsync(cancellationToken);
            }
        }

        if (writer.WriteUsage(sse.Buffer))
        {
            await sse.FlushEventAsync(cancellationToken);
        }

        await sse.WriteDoneAsync(cancellationToken);
    }

    /// <summary>
    /// Writes the stream as <c>POST /v1/messages</c> does: <c>message_start</c>, the text block's start, a delta per
    /// update and its stop, <c>message_delta</c> and <c>message_stop</c>, flushing after each update.
    /// </summary>
    public static async Task WriteAnthropicAsync(HttpResponse response, ChatResponseUpdate[] updates)
    {
        var cancellationToken = CancellationToken.None;
        SseStreamTracker.Track(response, SseStreamTracker.Anthropic);
        response.ContentType = "text/event-stream; charset=utf-8";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        var pipe = response.BodyWriter;
        var writer = new AnthropicStreamWriter(
            updates[0].ResponseId!,
            updates[0].ModelId!,
            (name, data) =>
            {
                pipe.Write(Encoding.UTF8.GetBytes("event: " + name + "\ndata: "));
                pipe.Write(data.Span);
                pipe.Write("\n\n"u8);
            });
        writer.Start();
        await pipe.FlushAsync(cancellationToken);
        for (var i = 0; i < updates.Length; i++)
        {
            writer.Write(updates[i]);
            await pipe.FlushAsync(cancellationToken);
        }

        writer.Complete();
        await pipe.FlushAsync(cancellationToken);
    }
}
