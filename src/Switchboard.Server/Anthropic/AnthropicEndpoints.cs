using System.Buffers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Switchboard.Abstractions.Ids;
using Switchboard.Gateway.Policies;
using Switchboard.Providers.Anthropic.Wire;
using Switchboard.Server.Access;
using Switchboard.Server.Errors;
using Switchboard.Server.Hosting;
using Switchboard.Server.RateLimits;

namespace Switchboard.Server.Anthropic;

/// <summary>The Anthropic-compatible API: <c>POST /v1/messages</c>, served by any model of the catalog.</summary>
internal static class AnthropicEndpoints
{
    public static IEndpointRouteBuilder MapAnthropicEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/v1/messages", MessagesAsync)
            .RequirePermission(Access.Permission.Chat)
            .RateLimited()
            .WithTags("Anthropic-compatible")
            .WithSummary("Creates a message (Anthropic Messages format) with any catalog model; streams events when stream is true.")
            .Accepts<JsonElement>("application/json")
            .Produces<JsonElement>(StatusCodes.Status200OK, "application/json", "text/event-stream");
        return endpoints;
    }

    private static async Task MessagesAsync(HttpContext context, IChatClient pipeline, RoutingPolicyCatalog policies, ServerOptions server, TimeProvider timeProvider)
    {
        var body = await RequestBodyReader.ReadAsync(context.Request, server.MaxRequestBodyBytes, context.RequestAborted);
        var request = AnthropicRequestReader.Read(body);

        // A routing policy, a route or a model; the x-switchboard-route header wins over the body.
        var name = OpenAI.RouteOverrideHeader.Apply(context.Request, request.Model, request.Options, policies);
        Access.ModelAllowance.Check(context, name);
        if (!request.Stream)
        {
            var response = await pipeline.GetResponseAsync(request.Messages, request.Options, context.RequestAborted);
            OpenAI.RoutingHeaders.Set(context.Response, response.ModelId, response.AdditionalProperties);
            var output = new ArrayBufferWriter<byte>(1024);
            AnthropicResponseWriter.Write(output, response, SortableId.New("msg", timeProvider));
            context.Response.ContentType = "application/json";
            await context.Response.Body.WriteAsync(output.WrittenMemory, context.RequestAborted);
            return;
        }

        var cancellationToken = context.RequestAborted;
        await using var updates = pipeline.GetStreamingResponseAsync(request.Messages, request.Options, cancellationToken).GetAsyncEnumerator(cancellationToken);

        // A failure before the first update is still a plain HTTP error.
        var hasUpdate = await updates.MoveNextAsync();
        OpenAI.RoutingHeaders.Set(context.Response, hasUpdate ? updates.Current.ModelId : name, hasUpdate ? updates.Current.AdditionalProperties : null);
        Telemetry.SseStreamTracker.Track(context.Response, Telemetry.SseStreamTracker.Anthropic);
        context.Response.ContentType = "text/event-stream; charset=utf-8";
        context.Response.Headers.CacheControl = "no-cache";
        context.Response.Headers["X-Accel-Buffering"] = "no";
        var pipe = context.Response.BodyWriter;
        var writer = new AnthropicStreamWriter(
            (hasUpdate ? updates.Current.ResponseId : null) ?? SortableId.New("msg", timeProvider),
            (hasUpdate ? updates.Current.ModelId : null) ?? name,
            (name, data) =>
            {
                pipe.Write("event: "u8);
                var span = pipe.GetSpan(Encoding.UTF8.GetMaxByteCount(name.Length));
                pipe.Advance(Encoding.UTF8.GetBytes(name, span));
                pipe.Write("\ndata: "u8);
                pipe.Write(data.Span);
                pipe.Write("\n\n"u8);
            });
        writer.Start();
        await pipe.FlushAsync(cancellationToken);
        try
        {
            while (hasUpdate)
            {
                writer.Write(updates.Current);

                // Updates that came in the same read from upstream go out in one write; what is written is flushed
                // before waiting for more, so no event waits on the next one.
                var next = updates.MoveNextAsync();
                var unflushed = pipe.CanGetUnflushedBytes ? pipe.UnflushedBytes : long.MaxValue;
                if (unflushed > 0 && (!next.IsCompleted || unflushed >= 16 * 1024))
                {
                    await pipe.FlushAsync(cancellationToken);
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
