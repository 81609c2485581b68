using System.Text.Json;
using Switchboard.Abstractions.Conversations;
using Switchboard.Agents.Runtime;
using Switchboard.Server.Access;
using Switchboard.Server.Conversations;
using Switchboard.Server.Errors;
using Switchboard.Server.OpenAI;

namespace Switchboard.Server.Agents;

/// <summary>Posts a user message to a conversation run by an agent: as one JSON answer, or as a stream of typed events.</summary>
internal static class AgentConversationHandler
{
    public static async Task<IResult> PostAsync(HttpContext context, Conversation conversation, PostMessageRequest request, AgentRuntime runtime, JsonSerializerOptions json)
    {
        if (string.IsNullOrWhiteSpace(request.Content))
        {
            throw new ApiValidationException("content", "'content' is required and must not be blank.");
        }

        if (request.Model is not null)
        {
            throw new ApiValidationException("model", "An agent conversation uses its agents' models; 'model' cannot be set per message.");
        }

        if (runtime.Agents.ResolveEntry(conversation.Agent!) is null)
        {
            return TypedResults.Problem(
                title: "Agent not available",
                detail: $"The conversation's agent '{conversation.Agent}' no longer exists; start a new conversation.",
                statusCode: StatusCodes.Status409Conflict,
                type: "https://httpstatuses.io/409",
                extensions: new Dictionary<string, object?> { ["code"] = "agent_not_found" });
        }

        if (!context.Caller().MayUseAgent(conversation.Agent))
        {
            // The key's allowed_agents changed since the conversation started.
            throw new AccessDeniedException(403, "permission_denied", $"This key may not use the agent '{conversation.Agent}' (allowed_agents).");
        }

        if (!ModelAllowance.AllowsAgentModels(context, runtime.Agents, conversation.Agent!))
        {
            // The key's allowed_models changed since the conversation started, or the agents changed their models.
            throw new AccessDeniedException(403, "permission_denied", $"The agent '{conversation.Agent}' calls models this key may not use (allowed_models).");
        }

        var wantsStream = context.Request.Headers.Accept.Any(a => a?.Contains("text/event-stream", StringComparison.OrdinalIgnoreCase) == true);
        return wantsStream
            ? await StreamAsync(context, conversation, request.Content, runtime, json)
            : await CollectAsync(conversation, request.Content, runtime, context.RequestAborted);
    }

    private static async Task<IResult> CollectAsync(Conversation conversation, string content, AgentRuntime runtime, CancellationToken cancellationToken)
    {
        var messages = new List<MessageDto>();
        var events = new List<object>();
        RunCompletedEvent? done = null;
        RunErrorEvent? error = null;
        await foreach (var e in runtime.RunAsync(conversation, content, cancellationToken))
        {
            switch (e)
            {
                case TextDeltaEvent:
                    continue;
                case MessageStoredEvent stored:
                    messages.Add(MessageDto.From(stored.Message));
                    break;
                case RunCompletedEvent completed:
                    done = completed;
                    break;
                case RunErrorEvent failed:
                    error = failed;
                    break;
            }

            events.Add(AgentEventJson.From(e));
        }

        if (error is not null)
        {
            return TypedResults.Problem(
                title: error.Code == "max_turns_exceeded" ? "The agent reached max_turns" : "The agent stopped",
                detail: error.Message,
                statusCode: StatusCodes.Status422UnprocessableEntity,
                type: "https://httpstatuses.io/422",
                extensions: new Dictionary<string, object?>
                {
                    ["code"] = error.Code,
                    ["conversation_id"] = conversation.Id,
                    ["messages"] = messages,
                    ["events"] = events,
                });
        }

        return TypedResults.Ok(new AgentExchangeDto(conversation.Id, done!.Agent, done.Status, done.Reply, messages, events));
    }

    private static async Task<IResult> StreamAsync(HttpContext context, Conversation conversation, string content, AgentRuntime runtime, JsonSerializerOptions json)
    {
        var cancellationToken = context.RequestAborted;
        var sse = new SseResponseWriter(context.Response, Telemetry.SseStreamTracker.Agents);
        sse.Start();
        Exception? failure = null;
        try
        {
            await foreach (var e in runtime.RunAsync(conversation, content, cancellationToken))
            {
                await WriteAsync(sse, e.Type, AgentEventJson.From(e), json, cancellationToken);
            }
        }
        catch (Exception exception) when (!(exception is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            failure = exception;
        }

        if (failure is not null)
        {
            var error = ApiErrorMapper.Map(failure);
            StreamErrorLog.LogIfInternal(context, failure, error);
            await WriteAsync(sse, "error", new { type = "error", code = error.Code, message = error.Message, status = error.Status }, json, CancellationToken.None);
        }

        return TypedResults.Empty;
    }

    private static async Task WriteAsync(SseResponseWriter sse, string name, object value, JsonSerializerOptions json, CancellationToken cancellationToken)
    {
        using (var writer = new Utf8JsonWriter(sse.Buffer, Providers.OpenAI.Wire.WireJson.WriterOptions))
        {
            JsonSerializer.Serialize(writer, value, value.GetType(), json);
        }

        await sse.FlushEventAsync(cancellationToken, name);
    }
}
