using Microsoft.AspNetCore.Http.HttpResults;
using Switchboard.Abstractions.Access;
using Switchboard.Server.Errors;

namespace Switchboard.Server.Access;

/// <summary>The audit log API: <c>GET /api/v1/audit</c> (admins), newest first.</summary>
internal static class AuditEndpoints
{
    public static IEndpointRouteBuilder MapAuditEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/v1/audit", QueryAsync)
            .WithTags("Audit")
            .WithSummary("Lists audit records newest first; filters: action (a prefix when it ends with '.'), actor, from, to; cursor paging. A root-tenant admin may pass tenant=<id> or tenant=* (which includes failures with no known tenant).")
            .RequirePermission(Permission.AuditRead)
            .ProducesValidationProblem();
        return endpoints;
    }

    private static async Task<Ok<object>> QueryAsync(
        HttpContext context,
        IAuditLog log,
        string? action,
        string? actor,
        DateTimeOffset? from,
        DateTimeOffset? to,
        int? limit,
        string? cursor,
        string? tenant,
        CancellationToken cancellationToken)
    {
        var caller = context.Caller();
        var take = limit ?? 50;
        if (take is < 1 or > 500)
        {
            throw new ApiValidationException("limit", "'limit' must be between 1 and 500.");
        }

        if (action is { Length: > 100 } || actor is { Length: > 200 } || cursor is { Length: > 64 })
        {
            throw new ApiValidationException(action is { Length: > 100 } ? "action" : actor is { Length: > 200 } ? "actor" : "cursor", "The filter is too long.");
        }

        var scope = TenantQuery.Resolve(caller, tenant, allowEvery: true);
        var records = await log.QueryAsync(new AuditQuery(scope, action, actor, from, to, take, cursor), cancellationToken);
        return TypedResults.Ok<object>(new
        {
            @object = "list",
            data = records,
            next_cursor = records.Count == take ? records[^1].Id : null,
        });
    }
}
