using Microsoft.AspNetCore.Http.HttpResults;
using Switchboard.Abstractions.Agents;
using Switchboard.Abstractions.Conversations;
using Switchboard.Server.Access;
using Switchboard.Server.Conversations;
using Switchboard.Server.Errors;

namespace Switchboard.Server.Agents;

/// <summary>
/// The operators' API under <c>/api/v1/handoff-queue</c>: list the queue (oldest first), claim a conversation, reply
/// as a person (the bot is silent meanwhile), add internal notes, resolve, or return the conversation to the bot.
/// </summary>
internal static class HandoffQueueEndpoints
{
    public static IEndpointRouteBuilder MapHandoffQueueEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/v1/handoff-queue").WithTags("Handoff queue").RequirePermission(Permission.HandoffQueue);
        group.MapGet("/", ListAsync).WithSummary("Lists the queue, most urgent first, then oldest first, a page at a time (limit, cursor); filters: team, priority, status (default: waiting and claimed).").ProducesValidationProblem();
        group.MapGet("/{id}", GetAsync).WithSummary("Gets a queue item with its internal notes.").ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/{id}/claim", ClaimAsync).WithSummary("Claims a waiting item; the operator now owns the conversation.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).ProducesValidationProblem();
        group.MapPost("/{id}/messages", ReplyAsync).WithSummary("Replies to the customer as the operator who claimed the item.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).ProducesValidationProblem();
        group.MapPost("/{id}/notes", NoteAsync).WithSummary("Adds an internal note (never shown to the customer).")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesValidationProblem();
        group.MapPost("/{id}/resolve", (string id, OperatorRequest request, HttpContext context, IHandoffQueueStore queue, IConversationStore conversations, IAgentSessionStore sessions, AuditTrail audit, CancellationToken ct) =>
            CloseAsync(id, request, QueueItemStatus.Resolved, context, queue, conversations, sessions, audit, ct))
            .WithSummary("Resolves the item; the customer's next message goes to the bot again.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).ProducesValidationProblem();
        group.MapPost("/{id}/return", (string id, OperatorRequest request, HttpContext context, IHandoffQueueStore queue, IConversationStore conversations, IAgentSessionStore sessions, AuditTrail audit, CancellationToken ct) =>
            CloseAsync(id, request, QueueItemStatus.Returned, context, queue, conversations, sessions, audit, ct))
            .WithSummary("Returns the conversation to the agent that escalated it.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).ProducesValidationProblem();
        return endpoints;
    }

    private static async Task<Ok<ListResponse<QueueItemDto>>> ListAsync(
        HttpContext context, IHandoffQueueStore queue, string? team, string? priority, string? status, int? limit, string? cursor, CancellationToken cancellationToken)
    {
        if (priority is not null && !QueuePriority.All.Contains(priority))
        {
            throw new ApiValidationException("priority", $"'priority' must be one of {string.Join(", ", QueuePriority.All)}.");
        }

        if (status is not null && status is not (QueueItemStatus.Waiting or QueueItemStatus.Claimed or QueueItemStatus.Resolved or QueueItemStatus.Returned))
        {
            throw new ApiValidationException("status", "'status' must be waiting, claimed, resolved or returned.");
        }

        if (limit is < 1 or > 500)
        {
            throw new ApiValidationException("limit", "'limit' must be between 1 and 500.");
        }

        Page<QueueItem> page;
        try
        {
            page = await queue.ListAsync(new QueueFilter(team, priority, status, limit ?? 100) { TenantId = context.Caller().TenantId, Cursor = cursor }, cancellationToken);
        }
        catch (FormatException)
        {
            throw new ApiValidationException("cursor", "'cursor' must be the next_cursor of an earlier page of this listing.");
        }

        return TypedResults.Ok(new ListResponse<QueueItemDto>("list", page.Items.Select(i => QueueItemDto.From(i)).ToList(), page.NextCursor, page.NextCursor is not null));
    }

    private static async Task<Results<Ok<QueueItemDto>, ProblemHttpResult>> GetAsync(string id, HttpContext context, IHandoffQueueStore queue, IConversationStore conversations, CancellationToken cancellationToken)
    {
        var item = await VisibleAsync(id, context, queue, conversations, cancellationToken);
        return item is null ? NotFound(id) : TypedResults.Ok(QueueItemDto.From(item, await queue.ListNotesAsync(id, cancellationToken)));
    }

    private static async Task<Results<Ok<QueueItemDto>, ProblemHttpResult>> ClaimAsync(
        string id, OperatorRequest request, HttpContext context, IHandoffQueueStore queue, IConversationStore conversations, IAgentSessionStore sessions, AuditTrail audit, CancellationToken cancellationToken)
    {
        var name = RequireOperator(request, context);
        var before = await VisibleAsync(id, context, queue, conversations, cancellationToken);
        if (before is null)
        {
            return NotFound(id);
        }

        // The claim and its audit record are stored in one transaction (the record only when this call claimed it).
        var claim = await queue.ClaimAsync(id, name, cancellationToken, audit.For(context, "handoff.claim", before.ConversationId, after: new { queue_item = id, @operator = name }));
        if (claim is null)
        {
            return NotFound(id);
        }

        var item = claim.Item;
        if (item.Status != QueueItemStatus.Claimed || item.Operator != name)
        {
            return Conflict(id, item.Status == QueueItemStatus.Claimed ? $"'{item.Operator}' already claimed it." : $"It is {item.Status}.");
        }

        // A repeated claim by the same operator (a retry, a double click) succeeds again, but only the call that made
        // the claim records it: the conversation stopped waiting once.
        if (!claim.Changed)
        {
            return TypedResults.Ok(QueueItemDto.From(item));
        }

        HandoffQueueInstruments.RecordClaim(item);
        var session = await sessions.GetAsync(item.ConversationId, cancellationToken);
        await sessions.SaveAsync(item.ConversationId, session?.CurrentAgent ?? item.Agent, AgentSessionStatus.Human, 0, cancellationToken);
        return TypedResults.Ok(QueueItemDto.From(item));
    }

    private static async Task<Results<Ok<MessageDto>, ProblemHttpResult>> ReplyAsync(
        string id, OperatorRequest request, HttpContext context, IHandoffQueueStore queue, IConversationStore conversations, AuditTrail audit, CancellationToken cancellationToken)
    {
        var name = RequireOperator(request, context);
        var content = RequireContent(request);
        var item = await VisibleAsync(id, context, queue, conversations, cancellationToken);
        if (item is null)
        {
            return NotFound(id);
        }

        if (item.Status != QueueItemStatus.Claimed || item.Operator != name)
        {
            return Conflict(id, item.Status == QueueItemStatus.Claimed ? $"'{item.Operator}' owns it; only they can reply." : $"It is {item.Status}; claim it first.");
        }

        // Who said what to the customer, by id: the text itself stays in the conversation, not in the audit log. The
        // message and its record are stored in one transaction.
        var stored = await conversations.AppendAsync(
            item.ConversationId,
            [new NewMessage("assistant", content) { Author = $"operator:{name}" }],
            cancellationToken,
            messages => audit.For(context, "handoff.reply", item.ConversationId, after: new { queue_item = id, @operator = name, message = messages[0].Id }));
        return TypedResults.Ok(MessageDto.From(stored[0]));
    }

    private static async Task<Results<Ok<QueueNote>, ProblemHttpResult>> NoteAsync(
        string id, OperatorRequest request, HttpContext context, IHandoffQueueStore queue, IConversationStore conversations, AuditTrail audit, CancellationToken cancellationToken)
    {
        var name = RequireOperator(request, context);
        var content = RequireContent(request);
        var item = await VisibleAsync(id, context, queue, conversations, cancellationToken);
        if (item is null)
        {
            return NotFound(id);
        }

        var note = await queue.AddNoteAsync(id, name, content, cancellationToken, audit.For(context, "handoff.note", item.ConversationId, after: new { queue_item = id, @operator = name }));
        return TypedResults.Ok(note);
    }

    private static async Task<Results<Ok<QueueItemDto>, ProblemHttpResult>> CloseAsync(
        string id, OperatorRequest request, string status, HttpContext context, IHandoffQueueStore queue, IConversationStore conversations, IAgentSessionStore sessions, AuditTrail audit, CancellationToken cancellationToken)
    {
        var name = RequireOperator(request, context);
        var item = await VisibleAsync(id, context, queue, conversations, cancellationToken);
        if (item is null)
        {
            return NotFound(id);
        }

        if (item.Status is not (QueueItemStatus.Waiting or QueueItemStatus.Claimed) || (item.Status == QueueItemStatus.Claimed && item.Operator != name))
        {
            return Conflict(id, item.Status == QueueItemStatus.Claimed ? $"'{item.Operator}' owns it." : $"It is already {item.Status}.");
        }

        // The close and its audit record are stored in one transaction (the record only when this call closed it).
        var close = await queue.CloseAsync(
            id, status, name, cancellationToken, audit.For(context, status == QueueItemStatus.Resolved ? "handoff.resolve" : "handoff.return", item.ConversationId, after: new { queue_item = id, @operator = name }));
        if (close is null)
        {
            return NotFound(id);
        }

        // Not closed by this call: another operator claimed or closed it since the read above, or an identical request
        // closed it first (whose session change must not be repeated later, over a newer escalation).
        var closed = close.Item;
        if (!close.Changed)
        {
            return Conflict(id, closed.Status == QueueItemStatus.Claimed ? $"'{closed.Operator}' owns it." : $"It is already {closed.Status}{(closed.Operator is null ? string.Empty : $" by '{closed.Operator}'")}.");
        }

        var session = await sessions.GetAsync(item.ConversationId, cancellationToken);
        await sessions.SaveAsync(
            item.ConversationId,
            session?.CurrentAgent ?? item.Agent,
            status == QueueItemStatus.Resolved ? AgentSessionStatus.Resolved : AgentSessionStatus.Active,
            0,
            cancellationToken);
        return TypedResults.Ok(QueueItemDto.From(closed));
    }

    /// <summary>The item, when its conversation belongs to the caller's tenant; another tenant's item does not exist.</summary>
    private static async Task<QueueItem?> VisibleAsync(string id, HttpContext context, IHandoffQueueStore queue, IConversationStore conversations, CancellationToken cancellationToken)
    {
        var item = id.Length > 64 ? null : await queue.GetAsync(id, cancellationToken);
        if (item is null)
        {
            return null;
        }

        var conversation = await conversations.GetAsync(item.ConversationId, cancellationToken);
        return conversation is not null && string.Equals(conversation.TenantId, context.Caller().TenantId, StringComparison.Ordinal) ? item : null;
    }

    /// <summary>
    /// The operator acting. A key or token that belongs to a user acts as that user: the body may leave 'operator' out,
    /// and may not name someone else (one operator could otherwise reply, resolve or return as another). A key without a
    /// user (a help-desk application acting for its people, or no authentication) names the operator in the body.
    /// </summary>
    private static string RequireOperator(OperatorRequest? request, HttpContext context)
    {
        var named = request?.Operator;
        if (named is not null && (named.Length is 0 or > 100 || string.IsNullOrWhiteSpace(named)))
        {
            throw new ApiValidationException("operator", "'operator' must be 1-100 characters.");
        }

        if (context.Caller().UserId is { } user)
        {
            return named is null || string.Equals(named.Trim(), user, StringComparison.Ordinal)
                ? user
                : throw new AccessDeniedException(403, "permission_denied", $"This key or token belongs to '{user}'; it cannot act as operator '{named.Trim()}'.");
        }

        return named?.Trim() ?? throw new ApiValidationException("operator", "'operator' is required (1-100 characters) for a key without a user.");
    }

    private static string RequireContent(OperatorRequest request) =>
        request.Content is { Length: > 0 and <= 32_000 } content && !string.IsNullOrWhiteSpace(content)
            ? content
            : throw new ApiValidationException("content", "'content' is required (at most 32,000 characters).");

    private static ProblemHttpResult NotFound(string id) => TypedResults.Problem(
        title: "Queue item not found",
        detail: $"There is no handoff queue item '{id}'.",
        statusCode: StatusCodes.Status404NotFound,
        type: "https://httpstatuses.io/404",
        extensions: new Dictionary<string, object?> { ["code"] = "queue_item_not_found" });

    private static ProblemHttpResult Conflict(string id, string detail) => TypedResults.Problem(
        title: "Queue item not available",
        detail: $"Queue item '{id}': {detail}",
        statusCode: StatusCodes.Status409Conflict,
        type: "https://httpstatuses.io/409",
        extensions: new Dictionary<string, object?> { ["code"] = "queue_item_conflict" });
}
