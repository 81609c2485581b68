using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using Switchboard.Abstractions.Catalog;
using Switchboard.Abstractions.Chat;
using Switchboard.Abstractions.Conversations;
using Switchboard.Abstractions.Governance;
using Switchboard.Server.Access;
using Switchboard.Server.Errors;
using Switchboard.Server.OpenAI;
using Switchboard.Server.RateLimits;
using HttpJsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace Switchboard.Server.Conversations;

/// <summary>The native conversations API under <c>/api/v1/conversations</c>; errors are RFC 7807 problem details.</summary>
internal static class ConversationEndpoints
{
    private const int DefaultPageSize = 20;
    private const int MaxPageSize = 100;

    public static IEndpointRouteBuilder MapConversationEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/v1/conversations").WithTags("Conversations");
        group.MapPost("/", CreateAsync)
            .RequirePermission(Access.Permission.ConversationsWrite)
            .WithSummary("Creates a conversation.")
            .ProducesValidationProblem();
        group.MapGet("/", ListAsync)
            .RequirePermission(Access.Permission.ConversationsRead)
            .WithSummary("Lists conversations, newest first (cursor paging).")
            .ProducesValidationProblem();
        group.MapGet("/{id}", GetAsync)
            .RequirePermission(Access.Permission.ConversationsRead)
            .WithSummary("Gets a conversation.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapDelete("/{id}", DeleteAsync)
            .RequirePermission(Access.Permission.ConversationsWrite)
            .WithSummary("Deletes a conversation and its messages.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/{id}/messages", ListMessagesAsync)
            .RequirePermission(Access.Permission.ConversationsRead)
            .WithSummary("Lists a conversation's messages, oldest first (cursor paging).")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/{id}/messages", PostMessageAsync)
            .RequirePermission(Access.Permission.ConversationsWrite)
            .RateLimited()
            .WithSummary("Posts a user message and returns the assistant's reply; streams Server-Sent Events when Accept is text/event-stream. In an agent conversation the answer lists the stored messages and the typed events (handoff, tool.call, tool.result, escalation, done).")
            .Accepts<PostMessageRequest>("application/json")
            .Produces<ExchangeDto>(StatusCodes.Status200OK, "application/json", "text/event-stream")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status502BadGateway)
            .ProducesProblem(StatusCodes.Status504GatewayTimeout);
        return endpoints;
    }

    private static async Task<Created<ConversationDto>> CreateAsync(
        CreateConversationRequest? request,
        HttpContext context,
        IConversationStore store,
        Gateway.Policies.RoutingPolicyCatalog catalog,
        Switchboard.Agents.Runtime.AgentRuntime agents,
        CancellationToken cancellationToken)
    {
        request ??= new CreateConversationRequest();
        if (request.Title is { Length: > 200 })
        {
            throw new ApiValidationException("title", "'title' must be at most 200 characters.");
        }

        string? model = null;
        if (request.Model is not null)
        {
            // Stored as provider:model so that it cannot become ambiguous when another provider adds the same id.
            model = catalog.TryResolveName(request.Model, out var resolved, out var reason)
                ? resolved
                : throw new ApiValidationException("model", reason);
        }

        var caller = context.Caller();
        if (request.Model is not null)
        {
            ModelAllowance.Check(context, request.Model);
        }

        // An agent the key may not use, by allowed_agents or by the models its agents call, does not exist for it.
        if (request.Agent is not null && (agents.Agents.ResolveEntry(request.Agent) is null || !caller.MayUseAgent(request.Agent) || !ModelAllowance.AllowsAgentModels(context, agents.Agents, request.Agent)))
        {
            var known = agents.Agents.Teams.Select(t => t.Name).Concat(agents.Agents.Agents.Select(a => a.Name))
                .Where(name => caller.MayUseAgent(name) && ModelAllowance.AllowsAgentModels(context, agents.Agents, name))
                .Distinct()
                .Order(StringComparer.Ordinal);
            throw new ApiValidationException("agent", $"Unknown agent or team '{request.Agent}'. Known: {string.Join(", ", known)}.");
        }

        var metadata = request.Metadata ?? [];
        if (metadata.Count > 16)
        {
            throw new ApiValidationException("metadata", "'metadata' holds at most 16 pairs.");
        }

        foreach (var (key, value) in metadata)
        {
            if (key.Length is 0 or > 64 || value is null || value.Length > 512)
            {
                throw new ApiValidationException("metadata", "'metadata' keys are 1-64 characters and values are strings of at most 512.");
            }
        }

        var conversation = await store.CreateAsync(new NewConversation(request.Title, model, request.Agent, metadata) { TenantId = caller.TenantId, OwnerId = caller.OwnerId }, cancellationToken);
        return TypedResults.Created($"/api/v1/conversations/{conversation.Id}", ConversationDto.From(conversation));
    }

    private static async Task<Ok<ListResponse<ConversationDto>>> ListAsync(
        HttpContext context,
        IConversationStore store,
        int? limit,
        string? cursor,
        CancellationToken cancellationToken)
    {
        var page = await store.ListAsync(context.Caller().ConversationScope, CheckLimit(limit), cursor, cancellationToken);
        return TypedResults.Ok(new ListResponse<ConversationDto>(
            "list", page.Items.Select(ConversationDto.From).ToList(), page.NextCursor, page.NextCursor is not null));
    }

    private static async Task<Results<Ok<ConversationDto>, ProblemHttpResult>> GetAsync(
        string id,
        HttpContext context,
        IConversationStore store,
        CancellationToken cancellationToken)
    {
        var conversation = await VisibleAsync(id, context, store, cancellationToken);
        return conversation is null ? NotFound(id) : TypedResults.Ok(ConversationDto.From(conversation));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        string id,
        HttpContext context,
        IConversationStore store,
        Access.AuditTrail audit,
        CancellationToken cancellationToken)
    {
        var conversation = await VisibleAsync(id, context, store, cancellationToken);
        // The deletion and its audit record are stored in one transaction.
        if (conversation is null || !await store.DeleteAsync(
            id, cancellationToken, audit.For(context, "conversation.delete", id, before: new { conversation.Title, conversation.Agent, conversation.Model, conversation.MessageCount, conversation.OwnerId })))
        {
            return NotFound(id);
        }
        return TypedResults.NoContent();
    }

    /// <summary>The conversation, when the caller may see it; others' conversations do not exist for the caller.</summary>
    internal static async Task<Conversation?> VisibleAsync(string id, HttpContext context, IConversationStore store, CancellationToken cancellationToken)
    {
        if (id.Length > 64)
        {
            return null;
        }

        var conversation = await store.GetAsync(id, cancellationToken);
        return conversation is not null && context.Caller().ConversationScope.Contains(conversation) ? conversation : null;
    }

    private static async Task<Results<Ok<ListResponse<MessageDto>>, ProblemHttpResult>> ListMessagesAsync(
        string id,
        HttpContext context,
        IConversationStore store,
        int? limit,
        string? cursor,
        CancellationToken cancellationToken)
    {
        var take = CheckLimit(limit);
        if (await VisibleAsync(id, context, store, cancellationToken) is null)
        {
            return NotFound(id);
        }

        if (cursor is not null && !long.TryParse(cursor, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out _))
        {
            throw new ApiValidationException("cursor", "'cursor' is not a cursor this listing returned.");
        }

        var page = await store.ListMessagesAsync(id, take, cursor, cancellationToken);
        return TypedResults.Ok(new ListResponse<MessageDto>(
            "list", page.Items.Select(MessageDto.From).ToList(), page.NextCursor, page.NextCursor is not null));
    }

    private static async Task<IResult> PostMessageAsync(
        string id,
        PostMessageRequest request,
        HttpContext context,
        IConversationStore store,
        ConversationChatService chat,
        IChatClient pipeline,
        Switchboard.Agents.Runtime.AgentRuntime agents,
        IOptions<HttpJsonOptions> jsonOptions)
    {
        var cancellationToken = context.RequestAborted;
        var conversation = await VisibleAsync(id, context, store, cancellationToken);
        if (conversation is null)
        {
            return NotFound(id);
        }

        // Model calls made for this message are charged to the conversation too.
        using var callContext = ModelCallContext.Push((ModelCallContext.Current ?? new ModelCallContext()) with { ConversationId = conversation.Id });
        if (conversation.Agent is not null)
        {
            return await Agents.AgentConversationHandler.PostAsync(context, conversation, request, agents, jsonOptions.Value.SerializerOptions);
        }

        // The model that will answer, whether named now, stored with the conversation or the server's default: a key
        // whose allowed models were narrowed since the conversation began may not go on using the old one.
        if (chat.ModelName(conversation, request.Model) is { } model)
        {
            ModelAllowance.Check(context, model);
        }

        var wantsStream = context.Request.Headers.Accept.Any(a => a?.Contains("text/event-stream", StringComparison.OrdinalIgnoreCase) == true);
        if (!wantsStream)
        {
            var (user, assistant) = await chat.SendAsync(conversation, request, cancellationToken);
            return TypedResults.Ok(new ExchangeDto(MessageDto.From(user), MessageDto.From(assistant)));
        }

        await StreamAsync(context, chat, pipeline, conversation, request, jsonOptions.Value.SerializerOptions);
        return TypedResults.Empty;
    }

    private static async Task StreamAsync(
        HttpContext context,
        ConversationChatService chat,
        IChatClient pipeline,
        Conversation conversation,
        PostMessageRequest request,
        JsonSerializerOptions json)
    {
        var cancellationToken = context.RequestAborted;
        using var exclusive = await chat.LockAsync(conversation.Id, cancellationToken);
        var exchange = await chat.PrepareAsync(conversation, request, cancellationToken);
        await using var updates = pipeline.GetStreamingResponseAsync(exchange.Messages, exchange.Options, cancellationToken)
            .GetAsyncEnumerator(cancellationToken);

        // A failure before the first update is still a plain problem-details response.
        var hasUpdate = await updates.MoveNextAsync();

        var sse = new SseResponseWriter(context.Response, Telemetry.SseStreamTracker.Conversations);
        sse.Start();
        var text = new System.Text.StringBuilder();
        var calls = new StreamingToolCallAssembler();
        var wholeCalls = new List<FunctionCallContent>();
        UsageDetails? usage = null;
        string? finishReason = null;
        string? servedBy = null;
        string? provider = null;
        Exception? failure = null;
        try
        {
            while (hasUpdate)
            {
                var update = updates.Current;
                servedBy = update.ModelId ?? servedBy;
                provider ??= update.AdditionalProperties?.GetValueOrDefault(ChatContentProperties.Provider) as string;
                var delta = new System.Text.StringBuilder();
                foreach (var content in update.Contents)
                {
                    switch (content)
                    {
                        case TextContent t:
                            delta.Append(t.Text);
                            break;
                        case FunctionCallUpdateContent fragment:
                            calls.Add(fragment);
                            break;
                        case FunctionCallContent call:
                            wholeCalls.Add(call);
                            break;
                        case UsageContent u:
                            usage = u.Details;
                            break;
                    }
                }

                finishReason = Providers.OpenAI.Wire.OpenAIFinishReasons.Write(update.FinishReason) ?? finishReason;
                if (delta.Length > 0)
                {
                    text.Append(delta);
                    await WriteEventAsync(sse, "message.delta", new MessageDeltaDto(delta.ToString()), json, cancellationToken);
                }

                hasUpdate = await updates.MoveNextAsync();
            }
        }
        catch (Exception exception)
        {
            failure = exception;
        }

        // Whatever arrived is stored, even when the client left or the upstream failed part-way.
        var clientGone = failure is OperationCanceledException && cancellationToken.IsCancellationRequested;
        wholeCalls.AddRange(calls.Build());
        Abstractions.Conversations.ConversationMessage? assistant = null;
        try
        {
            assistant = await chat.StoreReplyAsync(
                exchange,
                text.ToString(),
                wholeCalls,
                usage,
                failure is null ? finishReason : clientGone ? "cancelled" : "error",
                servedBy,
                provider,
                CancellationToken.None);
        }
        catch (Exception exception) when (exception is KeyNotFoundException or Microsoft.Data.Sqlite.SqliteException)
        {
            // E.g. the conversation was deleted meanwhile: the headers are sent, so say it in the stream.
            failure ??= exception;
        }

        if (clientGone)
        {
            return;
        }

        if (failure is not null || assistant is null)
        {
            var error = ApiErrorMapper.Map(failure!);
            StreamErrorLog.LogIfInternal(context, failure!, error);
            var problem = new { type = $"https://httpstatuses.io/{error.Status}", title = error.Title, status = error.Status, detail = error.Message, code = error.Code };
            await WriteEventAsync(sse, "error", problem, json, CancellationToken.None);
            return;
        }

        await WriteEventAsync(
            sse,
            "message.completed",
            new ExchangeDto(MessageDto.From(exchange.UserMessage), MessageDto.From(assistant!)),
            json,
            cancellationToken);
    }

    private static async Task WriteEventAsync<T>(SseResponseWriter sse, string name, T value, JsonSerializerOptions json, CancellationToken cancellationToken)
    {
        using (var writer = new Utf8JsonWriter(sse.Buffer, Providers.OpenAI.Wire.WireJson.WriterOptions))
        {
            JsonSerializer.Serialize(writer, value, json);
        }

        await sse.FlushEventAsync(cancellationToken, name);
    }

    private static int CheckLimit(int? limit) => limit switch
    {
        null => DefaultPageSize,
        < 1 or > MaxPageSize => throw new ApiValidationException("limit", $"'limit' must be between 1 and {MaxPageSize}."),
        _ => limit.Value,
    };

    private static ProblemHttpResult NotFound(string id) => TypedResults.Problem(
        title: "Conversation not found",
        detail: $"There is no conversation '{id}'.",
        statusCode: StatusCodes.Status404NotFound,
        type: "https://httpstatuses.io/404",
        instance: $"/api/v1/conversations/{id}",
        extensions: new Dictionary<string, object?> { ["code"] = "conversation_not_found" });
}
