using Microsoft.AspNetCore.Http.HttpResults;
using Switchboard.Abstractions.Access;
using Switchboard.Server.Conversations;
using Switchboard.Server.Errors;

namespace Switchboard.Server.Access;

/// <summary>The key management API under <c>/api/v1/keys</c> (admins). Keys of other tenants answer 404.</summary>
internal static class KeyEndpoints
{
    private const int DefaultPageSize = 100;
    private const int MaxPageSize = 500;

    public static IEndpointRouteBuilder MapKeyEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/v1/keys").WithTags("Keys").RequirePermission(Permission.KeysManage);
        group.MapPost("/", CreateAsync)
            .WithSummary("Creates an API key; the answer holds its token ('key'), shown this once.")
            .ProducesValidationProblem();
        group.MapGet("/", ListAsync)
            .WithSummary("Lists the tenant's keys (prefixes only), oldest first, a page at a time (limit 1-500, default 100; cursor from next_cursor); include_revoked=true adds revoked ones. A root-tenant admin may pass tenant=<id> or tenant=*.")
            .ProducesValidationProblem();
        group.MapGet("/{id}", GetAsync).WithSummary("Gets a key.").ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPatch("/{id}", UpdateAsync)
            .WithSummary("Changes a key's name, team, user, roles, allowances, limits, budgets, expiry or metadata.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/{id}/rotate", RotateAsync)
            .WithSummary("Gives the key a new token (shown this once); the old one stops working.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/{id}/revoke", RevokeAsync)
            .WithSummary("Revokes the key for good; it stays listed as revoked. Revoking a revoked key answers with it unchanged.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return endpoints;
    }

    private static async Task<Created<KeyDto>> CreateAsync(KeyRequest? request, HttpContext context, ApiKeyService keys, AuditTrail audit, TimeProvider time, CancellationToken cancellationToken)
    {
        var caller = context.Caller();
        var now = time.GetUtcNow();
        var draft = KeyRequestValidator.ForCreate(request ?? new KeyRequest(), caller, now);
        RequireRootAdminFor(caller, keys.IsRootAdmin(draft.TenantId, draft.Roles));
        RequireWithinCaller(caller, draft.Settings, draft.ExpiresAt);
        // The creator's key, or "jwt:<user>" for a token: null is left for the bootstrap key alone.
        // The key and its audit record are stored in one transaction.
        var (key, token) = await keys.CreateAsync(
            draft, caller.Actor, cancellationToken, audit: stored => audit.For(context, "key.create", stored.Id, after: KeyDto.From(stored, now)));
        return TypedResults.Created($"/api/v1/keys/{key.Id}", KeyDto.From(key, now) with { Key = token });
    }

    private static async Task<Ok<ListResponse<KeyDto>>> ListAsync(
        HttpContext context,
        ApiKeyService keys,
        TimeProvider time,
        string? tenant,
        [Microsoft.AspNetCore.Mvc.FromQuery(Name = "include_revoked")] bool? includeRevoked,
        int? limit,
        string? cursor,
        CancellationToken cancellationToken)
    {
        var caller = context.Caller();
        var take = limit ?? DefaultPageSize;
        if (take is < 1 or > MaxPageSize)
        {
            throw new ApiValidationException("limit", $"'limit' must be between 1 and {MaxPageSize}.");
        }

        if (cursor is { Length: > 64 })
        {
            throw new ApiValidationException("cursor", "'cursor' is not a key id; pass the next_cursor of the previous page.");
        }

        var scope = TenantQuery.Resolve(caller, tenant, allowEvery: true);
        var now = time.GetUtcNow();
        var page = await keys.ListAsync(scope, includeRevoked ?? false, take, cursor, cancellationToken);
        return TypedResults.Ok(new ListResponse<KeyDto>("list", page.Items.Select(k => KeyDto.From(k, now)).ToList(), page.NextCursor, page.NextCursor is not null));
    }

    private static async Task<Results<Ok<KeyDto>, ProblemHttpResult>> GetAsync(string id, HttpContext context, ApiKeyService keys, TimeProvider time, CancellationToken cancellationToken)
    {
        var key = await VisibleAsync(id, context, keys, cancellationToken);
        return key is null ? NotFound(id) : TypedResults.Ok(KeyDto.From(key, time.GetUtcNow()));
    }

    private static async Task<Results<Ok<KeyDto>, ProblemHttpResult>> UpdateAsync(string id, KeyRequest? request, HttpContext context, ApiKeyService keys, AuditTrail audit, TimeProvider time, CancellationToken cancellationToken)
    {
        var key = await VisibleAsync(id, context, keys, cancellationToken);
        if (key is null || key.IsRevoked)
        {
            return NotFound(id);
        }

        var now = time.GetUtcNow();
        var updated = KeyRequestValidator.ForUpdate(request ?? new KeyRequest(), key, now);
        var caller = context.Caller();
        RequireRootAdminFor(caller, keys.IsRootAdmin(key.TenantId, key.Roles) || keys.IsRootAdmin(updated.TenantId, updated.Roles));

        // Both the key as it stands and as changed: an admin limited to some models must not give an unlimited key
        // the admin role, or a new expiry, and then use it.
        RequireWithinCaller(caller, key.Settings, key.ExpiresAt);
        RequireWithinCaller(caller, updated.Settings, updated.ExpiresAt);
        if (!SameSettings(key.Settings, updated.Settings))
        {
            if (!caller.IsRootAdmin && string.Equals(caller.KeyId, key.Id, StringComparison.Ordinal))
            {
                throw new AccessDeniedException(403, "permission_denied", "A key cannot change its own allowances, limits or budgets; another admin must.");
            }
        }

        // The change and its audit record are stored in one transaction.
        ApiKey? changed = null;
        if (!await keys.UpdateAsync(updated, cancellationToken, stored =>
            {
                changed = stored;
                return audit.For(context, "key.update", id, before: KeyDto.From(key, now), after: KeyDto.From(stored, now));
            }))
        {
            // Revoked or gone meanwhile, or changed by another request since it was read: never a silent overwrite.
            return await keys.GetAsync(id, cancellationToken) is { IsRevoked: false }
                ? TypedResults.Problem(
                    statusCode: StatusCodes.Status409Conflict,
                    title: "Key changed meanwhile",
                    detail: $"Key '{id}' was changed by another request while this one was applied; read it again and repeat the change.",
                    type: "https://httpstatuses.io/409",
                    extensions: new Dictionary<string, object?> { ["code"] = "key_changed" })
                : NotFound(id);
        }

        return TypedResults.Ok(KeyDto.From(changed!, now));
    }

    private static async Task<Results<Ok<KeyDto>, ProblemHttpResult>> RotateAsync(string id, HttpContext context, ApiKeyService keys, AuditTrail audit, TimeProvider time, CancellationToken cancellationToken)
    {
        var key = await VisibleAsync(id, context, keys, cancellationToken);
        if (key is null || id == ApiKeyTokens.BootstrapKeyId)
        {
            // A configured bootstrap key is rotated by changing the configuration, which sets it again at start-up.
            return NotFound(id);
        }

        var caller = context.Caller();
        RequireRootAdminFor(caller, keys.IsRootAdmin(key.TenantId, key.Roles));

        // The new token is handed to the caller: a limited admin would otherwise hold a key beyond its own limits.
        RequireWithinCaller(caller, key.Settings, key.ExpiresAt);
        var now = time.GetUtcNow();
        KeyDto? rotated = null;
        var token = await keys.RotateAsync(id, cancellationToken, stored =>
        {
            rotated = KeyDto.From(stored, now);
            return audit.For(context, "key.rotate", id, before: KeyDto.From(key, now), after: rotated);
        });
        if (token is null)
        {
            return NotFound(id);
        }

        return TypedResults.Ok(rotated! with { Key = token });
    }

    private static async Task<Results<Ok<KeyDto>, ProblemHttpResult>> RevokeAsync(string id, HttpContext context, ApiKeyService keys, AuditTrail audit, TimeProvider time, CancellationToken cancellationToken)
    {
        var key = await VisibleAsync(id, context, keys, cancellationToken);
        if (key is null)
        {
            return NotFound(id);
        }

        RequireRootAdminFor(context.Caller(), keys.IsRootAdmin(key.TenantId, key.Roles));
        var now = time.GetUtcNow();
        KeyDto? revoked = null;
        if (key.IsRevoked || !await keys.RevokeAsync(id, cancellationToken, stored =>
            {
                revoked = KeyDto.From(stored, now);
                return audit.For(context, "key.revoke", id, before: KeyDto.From(key, now), after: revoked);
            }))
        {
            // Revoking is idempotent: a repeat (a retry after a lost answer, or two admins at once) answers with the key
            // as it stands, revoked, and records nothing, since nothing changed.
            var current = key.IsRevoked ? key : await keys.GetAsync(id, cancellationToken);
            return current is { IsRevoked: true } ? TypedResults.Ok(KeyDto.From(current, now)) : NotFound(id);
        }

        return TypedResults.Ok(revoked!);
    }

    /// <summary>
    /// A root-admin key manages every tenant. Only a root admin may create one, or change, rotate or revoke one: an admin
    /// of the root tenant who is not a root admin (a token's admin role) could otherwise mint one for itself, or lock the
    /// operator out by revoking the bootstrap key.
    /// </summary>
    private static void RequireRootAdminFor(CallerPrincipal caller, bool rootAdminKey)
    {
        if (rootAdminKey && !caller.IsRootAdmin)
        {
            throw new AccessDeniedException(403, "permission_denied", "Only a root admin may create, change, rotate or revoke a root-admin key.");
        }
    }

    /// <summary>
    /// A key an admin makes, changes or rotates may not reach what the admin's own key may not: when the admin's key
    /// names the models or agents it may use, so must the key, and only among those (root admins are not limited); when
    /// the admin's key expires, the key must expire too, no later (root admins included). Rates and budgets are each
    /// key's own, so they are not compared; tenant budgets cap a tenant as a whole.
    /// </summary>
    private static void RequireWithinCaller(CallerPrincipal caller, ApiKeySettings settings, DateTimeOffset? expiresAt)
    {
        // Root admins too: a root admin key given an expiry is a temporary one, and must not leave a permanent one behind.
        if (caller.ExpiresAt is { } mine && (expiresAt is null || expiresAt > mine))
        {
            throw new AccessDeniedException(403, "permission_denied", $"'expires_at' must be no later than your own key's expiry, {mine.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}.");
        }

        if (caller.IsRootAdmin)
        {
            return;
        }

        Within(caller.Settings.AllowedModels, settings.AllowedModels, "allowed_models");
        Within(caller.Settings.AllowedAgents, settings.AllowedAgents, "allowed_agents");

        static void Within(IReadOnlyList<string> mine, IReadOnlyList<string> requested, string field)
        {
            if (mine.Count > 0 && (requested.Count == 0 || requested.Any(name => !mine.Contains(name, StringComparer.OrdinalIgnoreCase))))
            {
                throw new AccessDeniedException(403, "permission_denied", $"'{field}' must name only what your own key may use: {string.Join(", ", mine)}.");
            }
        }
    }

    private static bool SameSettings(ApiKeySettings a, ApiKeySettings b) =>
        a.AllowedModels.SequenceEqual(b.AllowedModels, StringComparer.Ordinal)
        && a.AllowedAgents.SequenceEqual(b.AllowedAgents, StringComparer.Ordinal)
        && a.RequestsPerMinute == b.RequestsPerMinute
        && a.TokensPerMinute == b.TokensPerMinute
        && a.MaxCostPerRequestUsd == b.MaxCostPerRequestUsd
        && a.Budgets.SequenceEqual(b.Budgets);

    private static async Task<ApiKey?> VisibleAsync(string id, HttpContext context, ApiKeyService keys, CancellationToken cancellationToken)
    {
        var caller = context.Caller();
        var key = id.Length > 64 ? null : await keys.GetAsync(id, cancellationToken);
        return key is not null && (caller.IsRootAdmin || string.Equals(key.TenantId, caller.TenantId, StringComparison.Ordinal)) ? key : null;
    }

    private static ProblemHttpResult NotFound(string id) => TypedResults.Problem(
        statusCode: StatusCodes.Status404NotFound,
        title: "Key not found",
        detail: $"There is no key '{(id.Length > 64 ? id[..64] + "…" : id)}'.",
        type: "https://httpstatuses.io/404",
        extensions: new Dictionary<string, object?> { ["code"] = "key_not_found" });
}
