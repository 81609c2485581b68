using Microsoft.AspNetCore.Http.HttpResults;
using Switchboard.Abstractions.Agents;
using Switchboard.Abstractions.Conversations;
using Switchboard.Agents.Definitions;
using Switchboard.Agents.Runtime;
using Switchboard.Server.Access;

namespace Switchboard.Server.Agents;

/// <summary>Agents and teams (<c>/api/v1/agents</c>) and a conversation's agent trace.</summary>
internal static class AgentEndpoints
{
    public static IEndpointRouteBuilder MapAgentEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/v1/agents").WithTags("Agents").RequirePermission(Permission.AgentsRead);
        group.MapGet("/", (HttpContext context, AgentRuntime runtime) =>
        {
            var caller = context.Caller();
            var teams = runtime.Agents.Teams.Where(t => caller.MayUseAgent(t.Name) && ModelAllowance.AllowsAgentModels(context, runtime.Agents, t.Name)).OrderBy(t => t.Name, StringComparer.Ordinal).ToList();
            return TypedResults.Ok<object>(new
            {
                @object = "list",
                teams = teams.Select(t => new { name = t.Name, description = t.Description, entry = t.Entry, agents = t.Agents.Select(a => a.Name), source = t.Source }),
                data = runtime.Agents.Agents.Where(a => Visible(context, a.Name, runtime)).OrderBy(a => a.Name, StringComparer.Ordinal).Select(Describe),
            });
        }).WithSummary("Lists the agents and teams (presets and agent files) the caller's key may use.");
        group.MapGet("/{name}", Results<Ok<object>, ProblemHttpResult> (string name, HttpContext context, AgentRuntime runtime) =>
            runtime.Agents.Find(name) is { } agent && Visible(context, agent.Name, runtime)
                ? TypedResults.Ok(Describe(agent))
                : TypedResults.Problem(
                    title: "Agent not found",
                    detail: $"There is no agent '{name}'.",
                    statusCode: StatusCodes.Status404NotFound,
                    type: "https://httpstatuses.io/404",
                    extensions: new Dictionary<string, object?> { ["code"] = "agent_not_found" }))
            .WithSummary("Gets an agent's definition.");
        group.MapPut("/{name}", PutAsync)
            .WithSummary("Creates or replaces an agent managed through the API. The body is the agent as JSON (or YAML), with the same fields as an agent file; it is checked with every other agent before it is stored.")
            .Accepts<object>("application/json", "application/yaml")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .RequirePermission(Permission.ConfigManage);
        group.MapDelete("/{name}", DeleteAsync)
            .WithSummary("Deletes an agent managed through the API.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .RequirePermission(Permission.ConfigManage);

        endpoints.MapGet("/api/v1/conversations/{id}/trace", TraceAsync)
            .WithTags("Conversations")
            .WithSummary("The agent path of a conversation: its state, handoffs and tool executions.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequirePermission(Permission.ConversationsRead);
        return endpoints;
    }

    /// <summary>
    /// An agent a key with allowed_agents may see: one it names, or a member of a team it names; with allowed_models,
    /// only when the models the agent may reach are all allowed.
    /// </summary>
    private static bool Visible(HttpContext context, string agent, AgentRuntime runtime)
    {
        var caller = context.Caller();
        return (caller.MayUseAgent(agent) || runtime.Agents.Teams.Any(t => caller.MayUseAgent(t.Name) && t.Agents.Any(a => string.Equals(a.Name, agent, StringComparison.Ordinal))))
            && ModelAllowance.AllowsAgentModels(context, runtime.Agents, agent);
    }

    private static async Task<IResult> PutAsync(string name, HttpRequest request, AgentDirectory directory, AuditTrail audit, CancellationToken cancellationToken)
    {
        var body = await Errors.RequestBodyReader.ReadAsync(request, 256 * 1024, cancellationToken);
        var text = System.Text.Encoding.UTF8.GetString(body.Span);
        if (string.IsNullOrWhiteSpace(text))
        {
            return Problem(StatusCodes.Status400BadRequest, "Invalid agent", "The body must be the agent's definition (JSON or YAML).", "invalid_agent", []);
        }

        try
        {
            // The definition and its audit record are stored in one transaction.
            var (agent, created) = await directory.SaveAsync(
                name, text, cancellationToken, isNew => audit.For(request.HttpContext, isNew ? "agent.create" : "agent.update", name, after: new { definition = text }));
            return created
                ? TypedResults.Created($"/api/v1/agents/{agent.Name}", Describe(agent))
                : TypedResults.Ok(Describe(agent));
        }
        catch (AgentDefinitionException exception)
        {
            return Problem(StatusCodes.Status400BadRequest, "Invalid agent", $"The agent '{name}' was not saved: {string.Join(" ", exception.Errors)}", "invalid_agent", exception.Errors);
        }
        catch (InvalidOperationException exception)
        {
            return Problem(StatusCodes.Status409Conflict, "Agent not managed by the API", exception.Message, "agent_not_managed", []);
        }
    }

    private static async Task<IResult> DeleteAsync(string name, HttpContext context, AgentDirectory directory, AuditTrail audit, CancellationToken cancellationToken)
    {
        try
        {
            if (await directory.DeleteAsync(name, cancellationToken, audit.For(context, "agent.delete", name)))
            {
                return TypedResults.NoContent();
            }

            return Problem(StatusCodes.Status404NotFound, "Agent not found", $"There is no agent '{name}'.", "agent_not_found", []);
        }
        catch (AgentDefinitionException exception)
        {
            return Problem(StatusCodes.Status409Conflict, "Agent in use", $"The agent '{name}' is still used: {string.Join(" ", exception.Errors)}", "agent_in_use", exception.Errors);
        }
        catch (InvalidOperationException exception)
        {
            return Problem(StatusCodes.Status409Conflict, "Agent not managed by the API", exception.Message, "agent_not_managed", []);
        }
    }

    private static ProblemHttpResult Problem(int status, string title, string detail, string code, IReadOnlyList<string> errors) => TypedResults.Problem(
        title: title,
        detail: detail,
        statusCode: status,
        type: $"https://httpstatuses.io/{status}",
        extensions: errors.Count == 0
            ? new Dictionary<string, object?> { ["code"] = code }
            : new Dictionary<string, object?> { ["code"] = code, ["errors"] = errors });

    private static async Task<Results<Ok<object>, ProblemHttpResult>> TraceAsync(
        string id, HttpContext context, IConversationStore conversations, IAgentSessionStore sessions, IHandoffQueueStore queue, CancellationToken cancellationToken)
    {
        var conversation = await Conversations.ConversationEndpoints.VisibleAsync(id, context, conversations, cancellationToken);
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
        managed = AgentDirectory.IsManaged(a),
    };
}
