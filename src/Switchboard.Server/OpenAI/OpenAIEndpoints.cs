using System.Buffers;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Switchboard.Abstractions.Catalog;
using Switchboard.Abstractions.Ids;
using Switchboard.Gateway.Policies;
using Switchboard.Providers.OpenAI.Wire;
using Switchboard.Server.Access;
using Switchboard.Server.Errors;
using Switchboard.Server.Hosting;
using Switchboard.Server.RateLimits;

namespace Switchboard.Server.OpenAI;

/// <summary>The OpenAI-compatible API: <c>POST /v1/chat/completions</c> and <c>GET /v1/models</c>.</summary>
internal static partial class OpenAIEndpoints
{
    public static IEndpointRouteBuilder MapOpenAIEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/v1").WithTags("OpenAI-compatible").RequirePermission(Access.Permission.Chat);
        group.MapPost("/chat/completions", ChatCompletionsAsync)
            .RateLimited()
            .WithSummary("Creates a chat completion (OpenAI format); streams Server-Sent Events when stream is true.")
            .Accepts<JsonElement>("application/json")
            .Produces<JsonElement>(StatusCodes.Status200OK, "application/json", "text/event-stream")
            .Produces<JsonElement>(StatusCodes.Status400BadRequest)
            .Produces<JsonElement>(StatusCodes.Status404NotFound)
            .Produces<JsonElement>(StatusCodes.Status413PayloadTooLarge)
            .Produces<JsonElement>(StatusCodes.Status502BadGateway)
            .Produces<JsonElement>(StatusCodes.Status504GatewayTimeout);
        group.MapGet("/models", ListModels)
            .WithSummary("Lists the models of the catalog as provider:model, then the routes and routing policies a request may name instead.");
        return endpoints;
    }

    // Routes and policies are listed after the models, as names a client may use; owned_by marks them.
    private static ModelList ListModels(HttpContext context, IModelCatalog catalog, RoutingPolicyCatalog policies) => ModelAllowance.Filter(context, new(
        "list",
        [
            .. catalog.Models.Select(m => new ModelEntry(
                m.CanonicalName,
                "model",
                0,
                m.Provider.Name,
                m.Model.ContextWindow,
                m.Model.HasPrices
                    ? new ModelPricing(m.Model.InputPricePerMillion!.Value, m.Model.OutputPricePerMillion!.Value)
                    {
                        CachedInputPerMillion = m.Model.CachedInputPricePerMillion,
                        CacheWritePerMillion = m.Model.CacheWritePricePerMillion,
                    }
                    : null)),
            .. catalog.Routes.Select(r => new ModelEntry(r.Name, "model", 0, ModelEntry.RouteOwner, null, null)
            {
                Targets = [.. r.Targets.Select(t => t.CanonicalName)],
            }),
            .. policies.Policies.Select(p => new ModelEntry(p.Name, "model", 0, ModelEntry.PolicyOwner, null, null)
            {
                Targets = p.Targets,
                PolicyKind = p.Kind,
            }),
        ]));

    private static async Task ChatCompletionsAsync(
        HttpContext context,
        IChatClient pipeline,
        RoutingPolicyCatalog policies,
        ServerOptions server,
        TimeProvider timeProvider)
    {
        var body = await RequestBodyReader.ReadAsync(context.Request, server.MaxRequestBodyBytes, context.RequestAborted);
        var request = OpenAIChatRequestReader.Read(body);

        // A routing policy, a route (fallback chain) or a model; the x-switchboard-route header wins over the body.
        var name = RouteOverrideHeader.Apply(context.Request, request.Model, request.Options, policies);
        ModelAllowance.Check(context, name);
        if (request.Stream)
        {
            await StreamAsync(context, pipeline, request, name, timeProvider);
            return;
        }

        var response = await pipeline.GetResponseAsync(request.Messages, request.Options, context.RequestAborted);
        RoutingHeaders.Set(context.Response, response.ModelId, response.AdditionalProperties);
        var output = new ArrayBufferWriter<byte>(1024);
        OpenAIChatResponseWriter.Write(output, response, SortableId.New("chatcmpl", timeProvider), timeProvider.GetUtcNow());
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = output.WrittenCount;
        await context.Response.Body.WriteAsync(output.WrittenMemory, context.RequestAborted);
    }

    private static async Task StreamAsync(
        HttpContext context,
        IChatClient pipeline,
        OpenAIChatRequest request,
        string requestedModel,
        TimeProvider timeProvider)
    {
        var cancellationToken = context.RequestAborted;
        await using var updates = pipeline
            .GetStreamingResponseAsync(request.Messages, request.Options, cancellationToken)
            .GetAsyncEnumerator(cancellationToken);
        await OpenAIStreamResponse.WriteAsync(context, updates, requestedModel, request.IncludeUsage, timeProvider);
    }
}
