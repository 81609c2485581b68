using System.Text.Json;
using Microsoft.Extensions.AI;
using Switchboard.Abstractions.Ids;
using Switchboard.Providers.OpenAI.Wire;
using Switchboard.Server.Errors;

namespace Switchboard.Server.OpenAI;

/// <summary>Streams a model's updates to the client as OpenAI <c>chat.completion.chunk</c> Server-Sent Events.</summary>
internal static class OpenAIStreamResponse
{
    /// <summary>
    /// Writes the stream: the first update is awaited before any header goes out, so that a failure before it is still a
    /// plain HTTP error; then a chunk per update, the usage chunk when asked for, and <c>[DONE]</c>. A failure after the
    /// headers ends the stream with an error event and no <c>[DONE]</c>.
    /// </summary>
    /// <param name="context">The request's context; its <c>RequestAborted</c> cancels the stream.</param>
    /// <param name="updates">The pipeline's updates, not yet started.</param>
    /// <param name="requestedModel">The model, route or policy the request named.</param>
    /// <param name="includeUsage">Whether the client asked for the usage chunk (<c>stream_options.include_usage</c>).</param>
    /// <param name="timeProvider">The clock, for an answer that names no time of its own.</param>
    public static async Task WriteAsync(
        HttpContext context,
        IAsyncEnumerator<ChatResponseUpdate> updates,
        string requestedModel,
        bool includeUsage,
        TimeProvider timeProvider)
    {
        var cancellationToken = context.RequestAborted;

        // Wait for the first update before sending headers: a failure before it is still a plain HTTP error.
        var hasUpdate = await updates.MoveNextAsync();

        var first = hasUpdate ? updates.Current : null;
        RoutingHeaders.Set(context.Response, first?.ModelId ?? requestedModel, first?.AdditionalProperties);
        var sse = new SseResponseWriter(context.Response, Telemetry.SseStreamTracker.OpenAI);
        sse.Start();
        var writer = new OpenAIChunkWriter(
            first?.ResponseId ?? SortableId.New("chatcmpl", timeProvider),
            first?.CreatedAt ?? timeProvider.GetUtcNow(),
            first?.ModelId ?? requestedModel,
            includeUsage);
        try
        {
            while (hasUpdate)
            {
                if (writer.WriteUpdate(sse.Buffer, updates.Current))
                {
                    sse.WriteEvent();
                }

                // Updates that came in the same read from upstream go out in one write; what is written is flushed
                // before waiting for more, so no event waits on the next one.
                var next = updates.MoveNextAsync();
                if (sse.HasUnflushed && (!next.IsCompleted || sse.ShouldFlush))
                {
                    try
                    {
                        await sse.FlushAsync(cancellationToken);
                    }
                    catch
                    {
                        await PendingRead.EndAsync(next);
                        throw;
                    }
                }

                hasUpdate = await next;
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Headers are gone: end the stream with an error event (and no [DONE]) so the client never mistakes a
            // cut-short answer for a complete one.
            var error = ApiErrorMapper.Map(exception);
            StreamErrorLog.LogIfInternal(context, exception, error);
            using (var json = new Utf8JsonWriter(sse.Buffer, WireJson.WriterOptions))
            {
                ApiErrorWriter.WriteOpenAIError(json, error);
            }

            await sse.FlushEventAsync(CancellationToken.None);
            return;
        }

        if (writer.WriteUsage(sse.Buffer))
        {
            await sse.FlushEventAsync(cancellationToken);
        }

        await sse.WriteDoneAsync(cancellationToken);
    }
}
