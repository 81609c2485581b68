using Microsoft.AspNetCore.Http.HttpResults;
using Switchboard.Abstractions.Agents;
using Switchboard.Abstractions.Conversations;
using Switchboard.Agents.Definitions;
using Switchboard.Agents.Runtime;

namespace Switchboard.Server.Agents;

/// <summary>Agents and teams (<c>/api/v1/agents</c>) and a conversation's agent trace.</summary>
internal static class AgentEndpoints
{
    public static IEndpointRouteBuilder MapAgentEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/v1/agents").WithTags("Agents");
        group.MapGet("/", (AgentRuntime runtime) => TypedResults.Ok(new
        {
            @object = "list",
            teams = runtime.Agents.Teams.OrderBy(t => t.Name, StringComparer.Ordinal).Select(t => new { name = t.Name, description = t.Description, entry = t.Entry, agents = t.Agents.Select(a => a.Name), source = t.Source }),
            data = runtime.Agents.Agents.OrderBy(a => a.Name, StringComparer.Ordinal).Select(Describe),
        })).WithSummary("Lists the agents and teams (presets and agent files).");
        group.MapGet("/{name}", Results<Ok<object>, ProblemHttpResult> (string name, AgentRuntime runtime) =>
            runtime.Agents.Find(name) is { } agent
                ? TypedResults.Ok(Describe(agent))
                : TypedResults.Problem(
                    title: "Agent not found",
                    detail: $"There is no agent '{name}'.",
                    statusCode: StatusCodes.Status404NotFound,
                    type: "https://httpstatuses.io/404",
                    extensions: new Dictionary<string, object?> { ["code"] = "agent_not_found" }))
            .WithSummary("Gets an agent's definition.");

        endpoints.MapGet("/api/v1/conversations/{id}/trace", TraceAsync)
            .WithTags("Conversations")
            .WithSummary("The agent path of a conversation: its state, handoffs and tool executions.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return endpoints;
    }

    private static async Task<Results<Ok<object>, ProblemHttpResult>> TraceAsync(
        string id, IConversationStore conversations, IAgentSessionStore sessions, IHandoffQueueStore queue, CancellationToken cancellationToken)
    {
        var conversation = await conversations.GetAsync(id, cancellationToken);
        if (conversation is null)
        {
            return TypedResults.Problem(
                title: "Conversation not found",
                detail: $"There is no conversation '{id}'.",
                statusCode: StatusCodes.Status404NotFound,
                type: "https://httpstatuses.io/404",
                extensions: new Dictionary<string, object?> { ["code"] = "conversation_not_found" });
        }

        var session = await sessions.GetAsync(id, cancellationToken);
        var handoffs = await sessions.ListHandoffsAsync(id, cancellationToken);
        var tools = await sessions.ListToolExecutionsAsync(id, cancellationToken);
        var open = await queue.GetOpenAsync(id, cancellationToken);
        return TypedResults.Ok<object>(new
        {
            @object = "conversation.trace",
            conversation_id = id,
            agent = conversation.Agent,
            current_agent = session?.CurrentAgent,
            status = session?.Status,
            failed_turns = session?.FailedTurns,
            agent_path = new[] { handoffs.Count > 0 ? handoffs[0].FromAgent : session?.CurrentAgent }.Concat(handoffs.Select(h => h.ToAgent)).Where(a => a is not null).ToList(),
            handoffs,
            tool_executions = tools,
            queue_item = open is null ? null : QueueItemDto.From(open),
        });
    }

    private static object Describe(AgentDefinition a) => new
    {
        name = a.Name,
        description = a.Description,
        model = a.Model,
        instructions = a.Instructions,
        tools = a.Tools,
        handoffs = a.Handoffs,
        max_turns = a.MaxTurns,
        temperature = a.Temperature,
        max_tokens = a.MaxTokens,
        router = a.Router is null ? null : new { mode = a.Router.Mode.ToString().ToLowerInvariant(), threshold = a.Router.Threshold, @default = a.Router.Default, routes = a.Router.Routes },
        escalation = a.Escalation,
        source = a.Source,
    };
}
