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
        await AnthropicStreamResponse.WriteAsync(context, updates, name, timeProvider);
    }
}
