using System.Globalization;
using Switchboard.Gateway.RateLimits;
using Switchboard.Server.Access;

namespace Switchboard.Server.RateLimits;

/// <summary>
/// Admits each request to a model-calling endpoint under its caller's limits (key, user, tenant) and describes the
/// tightest of them in the <c>x-ratelimit-*</c> headers, as OpenAI does. A refused request gets 429 with Retry-After.
/// </summary>
internal sealed class RateLimitMiddleware
{
    private readonly RequestDelegate _next;
    private readonly RateLimiter _limiter;

    public RateLimitMiddleware(RequestDelegate next, RateLimiter limiter)
    {
        _next = next;
        _limiter = limiter;
    }

    public Task InvokeAsync(HttpContext context)
    {
        // Requests that are not limited pass straight on, without a state machine of this method around the rest of
        // the pipeline (it was boxed on every request, limits on or off).
        return !_limiter.Enabled
            || context.GetEndpoint()?.Metadata.GetMetadata<RateLimitedEndpoint>() is null
            || context.Features.Get<CallerPrincipal>() is not { } caller
            ? _next(context)
            : AdmitAsync(context, caller);
    }

    private async Task AdmitAsync(HttpContext context, CallerPrincipal caller)
    {
        var keyLimit = caller.Settings.RequestsPerMinute is null && caller.Settings.TokensPerMinute is null
            ? null
            : new RateLimit { RequestsPerMinute = caller.Settings.RequestsPerMinute, TokensPerMinute = caller.Settings.TokensPerMinute };
        // A JWT caller has no key: its token counts as one, so the per-key defaults still bound it. The model calls'
        // tokens are counted under the same id (ModelCallContext.RateLimitCredential).
        var status = await _limiter.AdmitRequestAsync(new RateLimitSubject(caller.TenantId, caller.RateLimitCredential, caller.UserId, keyLimit), context.RequestAborted);
        var headers = context.Response.Headers;
        var reset = Errors.RateLimitHeaders.Reset(status.Reset);
        if (status.RequestLimit is { } requests)
        {
            headers["x-ratelimit-limit-requests"] = requests.ToString(CultureInfo.InvariantCulture);
            headers["x-ratelimit-remaining-requests"] = status.RequestsRemaining.ToString(CultureInfo.InvariantCulture);
            headers["x-ratelimit-reset-requests"] = reset;
        }

        if (status.TokenLimit is { } tokens)
        {
            headers["x-ratelimit-limit-tokens"] = tokens.ToString(CultureInfo.InvariantCulture);
            headers["x-ratelimit-remaining-tokens"] = status.TokensRemaining.ToString(CultureInfo.InvariantCulture);
            headers["x-ratelimit-reset-tokens"] = reset;
        }

        await _next(context);
    }
}
