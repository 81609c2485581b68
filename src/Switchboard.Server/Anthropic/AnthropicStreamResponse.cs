using System.Buffers;
using System.Text;
using Microsoft.Extensions.AI;
using Switchboard.Abstractions.Ids;
using Switchboard.Providers.Anthropic.Wire;
using Switchboard.Server.Errors;

namespace Switchboard.Server.Anthropic;

/// <summary>Streams a model's updates to the client as Anthropic Messages Server-Sent Events.</summary>
internal static class AnthropicStreamResponse
{
    /// <summary>
    /// Writes the stream: the first update is awaited before any header goes out, so that a failure before it is still a
    /// plain HTTP error; then <c>message_start</c>, the content blocks' events, <c>message_delta</c> and
    /// <c>message_stop</c>. A failure after the headers ends the stream with an <c>error</c> event.
    /// </summary>
    /// <param name="context">The request's context; its <c>RequestAborted</c> cancels the stream.</param>
    /// <param name="updates">The pipeline's updates, not yet started.</param>
    /// <param name="requestedModel">The model, route or policy the request named.</param>
    /// <param name="timeProvider">The clock, for an id when the answer has none.</param>
    public static async Task WriteAsync(
        HttpContext context,
        IAsyncEnumerator<ChatResponseUpdate> updates,
        string requestedModel,
        TimeProvider timeProvider)
    {
        var cancellationToken = context.RequestAborted;
        var hasUpdate = await updates.MoveNextAsync();
        OpenAI.RoutingHeaders.Set(context.Response, hasUpdate ? updates.Current.ModelId : requestedModel, hasUpdate ? updates.Current.AdditionalProperties : null);
        Telemetry.SseStreamTracker.Track(context.Response, Telemetry.SseStreamTracker.Anthropic);
        context.Response.ContentType = "text/event-stream; charset=utf-8";
        context.Response.Headers.CacheControl = "no-cache";
        context.Response.Headers["X-Accel-Buffering"] = "no";
        var pipe = context.Response.BodyWriter;
        var writer = new AnthropicStreamWriter(
            (hasUpdate ? updates.Current.ResponseId : null) ?? SortableId.New("msg", timeProvider),
            (hasUpdate ? updates.Current.ModelId : null) ?? requestedModel,
            (name, data) =>
            {
                pipe.Write("event: "u8);
                var span = pipe.GetSpan(Encoding.UTF8.GetMaxByteCount(name.Length));
                pipe.Advance(Encoding.UTF8.GetBytes(name, span));
                pipe.Write("\ndata: "u8);
                pipe.Write(data.Span);
                pipe.Write("\n\n"u8);
            });
        writer.Start(hasUpdate ? updates.Current : null);
        try
        {
            while (hasUpdate)
            {
                writer.Write(updates.Current);

                // Updates that came in the same read from upstream go out in one write (message_start with the first);
                // what is written is flushed before waiting for more, so no event waits on the next one.
                var next = updates.MoveNextAsync();
                var unflushed = pipe.CanGetUnflushedBytes ? pipe.UnflushedBytes : long.MaxValue;
                if (unflushed > 0 && (!next.IsCompleted || unflushed >= OpenAI.SseResponseWriter.FlushThreshold))
                {
                    try
                    {
                        await pipe.FlushAsync(cancellationToken);
                    }
                    catch
                    {
                        await OpenAI.PendingRead.EndAsync(next);
                        throw;
                    }
                }

                hasUpdate = await next;
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var error = ApiErrorMapper.Map(exception);
            StreamErrorLog.LogIfInternal(context, exception, error);
            writer.Error(ApiErrorWriter.AnthropicType(error), error.Message);
            await pipe.FlushAsync(CancellationToken.None);
            return;
        }

        writer.Complete();
        await pipe.FlushAsync(cancellationToken);
    }
}
