using Switchboard.Abstractions.Access;
using Switchboard.Abstractions.Governance;

namespace Switchboard.Server.Access;

/// <summary>
/// Authenticates every request that reaches an endpoint (API key by <c>Authorization: Bearer</c> or <c>x-api-key</c>,
/// or a JWT when configured), checks the permission the endpoint declares, and makes the caller's account the
/// model-call context of the request. An endpoint that declares nothing is for admins only (fail closed). Every
/// refusal is written to the audit log.
/// </summary>
internal sealed class AccessMiddleware
{
    private const string MethodNotAllowedEndpoint = "405 HTTP Method Not Supported";

    private readonly RequestDelegate _next;
    private readonly AccessOptions _options;
    private readonly ApiKeyService _keys;
    private readonly AuditTrail _audit;
    private readonly JwtAuthenticator? _jwt;
    private readonly CallerPrincipal _anonymousAdmin;

    // With authentication off every request has the same caller, and so the same (immutable) call context.
    private readonly ModelCallContext _anonymousContext;

    public AccessMiddleware(RequestDelegate next, AccessOptions options, ApiKeyService keys, AuditTrail audit, TimeProvider timeProvider)
    {
        _next = next;
        _options = options;
        _keys = keys;
        _audit = audit;
        _jwt = options.Jwt is { } jwt ? new JwtAuthenticator(jwt, timeProvider) : null;
        _anonymousAdmin = new CallerPrincipal
        {
            TenantId = options.RootTenant,
            Name = "anonymous",
            Roles = [Roles.Admin],
            Permissions = Permission.All,
            IsRootAdmin = true,
        };
        _anonymousContext = _anonymousAdmin.ToCallContext();
    }

    public async Task InvokeAsync(HttpContext context)
    {
        var endpoint = context.GetEndpoint();
        if (endpoint is null)
        {
            // No endpoint: a 404, or a static page (the API docs) that needs no credentials.
            await _next(context);
            return;
        }

        // Routing's own 405 endpoint (a known path, another method; no metadata, ASP.NET Core's display name) answers
        // 405 to anyone, rather than 401 or 403 as if the request had named an admin endpoint.
        if (endpoint is not RouteEndpoint && endpoint.Metadata.Count == 0 && endpoint.DisplayName == MethodNotAllowedEndpoint)
        {
            await _next(context);
            return;
        }

        var required = endpoint.Metadata.GetMetadata<RequiredPermission>() ?? new RequiredPermission(Permission.All);
        if (required.Anonymous)
        {
            await _next(context);
            return;
        }

        var caller = _options.Enabled ? await AuthenticateAsync(context) : _anonymousAdmin;
        if (!caller.Has(required.Permission))
        {
            Count("denied");
            await _audit.RecordDeniedAsync(context, caller.TenantId, caller.Actor, "access.denied", $"missing permission {required.Permission}");
            throw new AccessDeniedException(403, "permission_denied", $"This key's roles ({string.Join(", ", caller.Roles)}) do not allow {context.Request.Method} {context.Request.Path}.");
        }

        context.Features.Set(caller);
        using (ModelCallContext.Push(ReferenceEquals(caller, _anonymousAdmin) ? _anonymousContext : caller.ToCallContext()))
        {
            try
            {
                await _next(context);
            }
            catch (AccessDeniedException denied) when (denied.Status == 403)
            {
                // Refusals an endpoint makes itself (another tenant, a root-admin key, allowances): audited and counted
                // as the permission refusals above are.
                Count("denied");
                await _audit.RecordDeniedAsync(context, caller.TenantId, caller.Actor, "access.denied", denied.Message);
                throw;
            }
        }
    }

    private async Task<CallerPrincipal> AuthenticateAsync(HttpContext context)
    {
        var token = ReadToken(context.Request);
        if (token is null)
        {
            Count("missing");
            await _audit.RecordAuthFailureAsync(context, null, null, "missing credentials");
            throw Unauthorized("missing_api_key", "No API key: send 'Authorization: Bearer <key>' or 'x-api-key: <key>'.");
        }

        // A JWT is far longer than an API key (an RS256 signature alone is 342 characters), so each has its own bound.
        var jwt = _jwt is not null && JwtAuthenticator.LooksLikeJwt(token) ? _jwt : null;
        if (token.Length > (jwt is null ? ApiKeyTokens.MaxTokenLength : JwtAuthenticator.MaxTokenLength))
        {
            Count("invalid");
            await _audit.RecordAuthFailureAsync(context, null, null, "oversized credentials");
            throw jwt is null ? Unauthorized("invalid_api_key", "The API key is not valid.") : Unauthorized("invalid_token", "The bearer token is not valid.");
        }

        if (jwt is not null)
        {
            var (jwtCaller, jwtFailure) = jwt.Authenticate(token);
            if (jwtCaller is null)
            {
                Count("invalid_token");
                await _audit.RecordAuthFailureAsync(context, null, null, $"invalid token: {jwtFailure}");
                throw Unauthorized("invalid_token", "The bearer token is not valid.");
            }

            return jwtCaller;
        }

        var (caller, failure, key) = await _keys.AuthenticateAsync(token, context.RequestAborted);
        if (caller is null)
        {
            Count(failure switch { "revoked key" => "revoked", "expired key" => "expired", _ => "invalid" });
            // A wrong secret proves nothing about who sent it: anyone who knows a key id (it is in audit records and
            // owners) could otherwise write failures in that key's name. Revoked and expired keys had the right secret.
            if (failure == "wrong secret" && key is not null)
            {
                await _audit.RecordAuthFailureAsync(context, key.TenantId, null, $"wrong secret for {key.Id}");
            }
            else
            {
                await _audit.RecordAuthFailureAsync(context, key?.TenantId, key?.Id, failure);
            }

            // Revoked and expired keys are told so (their owner needs to know); anything else is just "not valid".
            throw failure switch
            {
                "revoked key" => Unauthorized("revoked_api_key", "The API key has been revoked."),
                "expired key" => Unauthorized("expired_api_key", "The API key has expired."),
                _ => Unauthorized("invalid_api_key", "The API key is not valid."),
            };
        }

        return caller;
    }

    private static string? ReadToken(HttpRequest request)
    {
        var authorization = request.Headers.Authorization;
        var value = authorization.Count > 0 ? authorization[0] ?? string.Empty : null;
        if (value is not null && value.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return value[7..].Trim();
        }

        // An Authorization header that is not a bearer token (a proxy's Basic credentials, an empty value) does not hide
        // an x-api-key beside it; alone, its value is taken as the key.
        var apiKey = request.Headers["x-api-key"];
        if (apiKey.Count > 0 && !string.IsNullOrWhiteSpace(apiKey[0]))
        {
            return apiKey[0]!.Trim();
        }

        return string.IsNullOrWhiteSpace(value) ? null : value.Trim();
    }

    private static void Count(string reason) =>
        AccessInstruments.AuthFailures.Add(1, new KeyValuePair<string, object?>("reason", reason));

    private static AccessDeniedException Unauthorized(string code, string message) => new(401, code, message);
}
