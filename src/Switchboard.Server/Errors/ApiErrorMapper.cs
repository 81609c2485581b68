using Switchboard.Abstractions.Errors;
using Switchboard.Abstractions.Governance;
using Switchboard.Providers.OpenAI.Wire;

namespace Switchboard.Server.Errors;

/// <summary>Maps exceptions to <see cref="ApiError"/>s; unknown exceptions become a 500 that reveals nothing.</summary>
internal static class ApiErrorMapper
{
    public static ApiError Map(Exception exception) => exception switch
    {
        Access.AccessDeniedException { Status: 401 } e => new ApiError(401, "Unauthorized", e.Message, "authentication_error", e.Code),
        Access.AccessDeniedException e => new ApiError(e.Status, "Forbidden", e.Message, "permission_error", e.Code),
        RateLimitExceededException e => new ApiError(429, "Rate limit exceeded", e.Message, "rate_limit_error", "rate_limit_exceeded")
        {
            RetryAfter = e.RetryAfter,
        },
        BudgetExceededException e => new ApiError(402, "Budget exceeded", e.Message, "insufficient_quota", "budget_exceeded")
        {
            RetryAfter = e.RetryAfter,
        },
        BudgetUnavailableException e => new ApiError(503, "Budget unavailable", e.Message, "server_error", "budget_unavailable")
        {
            RetryAfter = e.RetryAfter,
        },
        RequestCostLimitException e => new ApiError(400, "Request too expensive", e.Message, "invalid_request_error", "request_cost_limit_exceeded"),
        UnpricedModelException e => new ApiError(400, "Model has no price", e.Message, "invalid_request_error", "model_not_priced", "model"),
        OpenAIRequestException e => new ApiError(400, "Invalid request", e.Message, "invalid_request_error", e.Code, e.Param),
        Providers.Anthropic.Wire.AnthropicRequestException e => new ApiError(400, "Invalid request", e.Message, "invalid_request_error", "invalid_request"),
        ApiValidationException e => new ApiError(400, "Invalid request", e.Message, "invalid_request_error", "invalid_field", e.Field)
        {
            Errors = new Dictionary<string, string[]> { [e.Field] = [e.Message] },
        },
        PayloadTooLargeException e => new ApiError(413, "Request body too large", e.Message, "invalid_request_error", "request_too_large"),
        BadHttpRequestException { StatusCode: 413 } => new ApiError(
            413, "Request body too large", "The request body is larger than the server accepts (Switchboard:Server:MaxRequestBodyBytes).",
            "invalid_request_error", "request_too_large"),
        BadHttpRequestException { InnerException: System.Text.Json.JsonException json } => new ApiError(
            400, "Invalid request body", $"The request body is not valid: {json.Message}", "invalid_request_error", "invalid_json", json.Path?.TrimStart('$', '.')),
        BadHttpRequestException e => new ApiError(e.StatusCode, "Bad request", e.Message, "invalid_request_error", "bad_request"),
        ModelNotFoundException e => new ApiError(404, "Model not found", e.Message, "invalid_request_error", "model_not_found", "model"),
        UpstreamException e => MapUpstream(e),
        KeyNotFoundException => new ApiError(404, "Conversation not found", "The conversation was deleted while the request was running.", "invalid_request_error", "conversation_not_found"),

        // SQLITE_BUSY or SQLITE_LOCKED (primary codes 5 and 6) after the busy timeout: another writer (a bulk import,
        // another process) held the database. Nothing was changed; the request can be sent again.
        Microsoft.Data.Sqlite.SqliteException { SqliteErrorCode: var code } when (code & 0xFF) is 5 or 6 => new ApiError(
            503, "Storage busy", "The database was busy with other writes for too long; nothing was changed. Try again shortly.", "server_error", "storage_busy")
        {
            RetryAfter = TimeSpan.FromSeconds(1),
        },
        _ => new ApiError(500, "Internal server error", "The server failed to handle the request; the error was logged.", "server_error", "internal_error"),
    };

    private static ApiError MapUpstream(UpstreamException e) => e.Kind switch
    {
        UpstreamErrorKind.InvalidRequest => new ApiError(400, "Upstream rejected the request", e.Message, "invalid_request_error", "upstream_invalid_request"),
        UpstreamErrorKind.RateLimited => new ApiError(429, "Upstream rate limit", e.Message, "rate_limit_error", "upstream_rate_limited")
        {
            RetryAfter = e.RetryAfter,
        },
        UpstreamErrorKind.Timeout => new ApiError(504, "Upstream timeout", e.Message, "timeout_error", "upstream_timeout"),
        UpstreamErrorKind.Authentication => new ApiError(502, "Upstream authentication failed", e.Message, "upstream_error", "upstream_authentication"),
        UpstreamErrorKind.Unreachable => new ApiError(502, "Upstream unreachable", e.Message, "upstream_error", "upstream_unreachable"),
        UpstreamErrorKind.InvalidResponse => new ApiError(502, "Invalid upstream response", e.Message, "upstream_error", "upstream_invalid_response"),
        UpstreamErrorKind.CircuitOpen => new ApiError(503, "Upstream unavailable", e.Message, "upstream_error", "circuit_open")
        {
            RetryAfter = e.RetryAfter,
        },
        UpstreamErrorKind.NotConfigured => new ApiError(503, "Provider not configured", e.Message, "upstream_error", "provider_not_configured"),

        // OpenAI's 503 ("overloaded", "slow down") and Anthropic's 529 or overloaded_error event: the provider is up but
        // shedding load, so the caller is told to come back (with the upstream's Retry-After) rather than of a fault.
        UpstreamErrorKind.ServerError when e.StatusCode is 503 or 529 || e.UpstreamType == "overloaded_error" => new ApiError(
            503, "Upstream overloaded", e.Message, "upstream_error", "upstream_overloaded")
        {
            RetryAfter = e.RetryAfter,
        },
        _ => new ApiError(502, "Upstream failure", e.Message, "upstream_error", "upstream_server_error"),
    };
}
