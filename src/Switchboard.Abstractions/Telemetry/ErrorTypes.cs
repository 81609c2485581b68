using Switchboard.Abstractions.Errors;

namespace Switchboard.Abstractions.Telemetry;

/// <summary>
/// The low-cardinality <c>error.type</c> / <c>status</c> values of model calls: one per
/// <see cref="UpstreamErrorKind"/>, plus <see cref="ModelNotFound"/>, <see cref="Cancelled"/> and <see cref="Other"/>.
/// The values are constant strings, so recording them allocates nothing.
/// </summary>
public static class ErrorTypes
{
    /// <summary>The status of a call that succeeded.</summary>
    public const string Ok = "ok";

    /// <summary>The requested model, route or policy is not in the catalog.</summary>
    public const string ModelNotFound = "model_not_found";

    /// <summary>The caller cancelled (went away).</summary>
    public const string Cancelled = "cancelled";

    /// <summary>Any other exception.</summary>
    public const string Other = "_OTHER";

    /// <summary>The gateway refused the call: a budget, or the per-request cost limit, would be exceeded.</summary>
    public const string BudgetExceeded = "budget_exceeded";

    /// <summary>The gateway refused the call: a budget's spend so far could not be read.</summary>
    public const string BudgetUnavailable = "budget_unavailable";

    /// <summary>The gateway refused the call: budgets apply and the model has no prices.</summary>
    public const string ModelNotPriced = "model_not_priced";

    /// <summary>
    /// The gateway's own rate limit refused the call, before any provider was asked; an upstream's 429 is
    /// <c>rate_limited</c>. Alert rules tell the two apart.
    /// </summary>
    public const string RateLimitRefused = "rate_limit_refused";

    /// <summary>In a request count's <c>status</c> only: the response cache answered; no provider was called.</summary>
    public const string CacheHit = "cache_hit";

    /// <summary>Returns the value for an exception a model call ended with.</summary>
    public static string Of(Exception exception) => exception switch
    {
        UpstreamException upstream => Of(upstream.Kind),
        ModelNotFoundException => ModelNotFound,
        Governance.BudgetExceededException or Governance.RequestCostLimitException => BudgetExceeded,
        Governance.UnpricedModelException => ModelNotPriced,
        Governance.BudgetUnavailableException => BudgetUnavailable,
        Governance.RateLimitExceededException => RateLimitRefused,
        OperationCanceledException => Cancelled,
        _ => Other,
    };

    /// <summary>Returns the value for an upstream failure kind, e.g. <c>rate_limited</c>.</summary>
    public static string Of(UpstreamErrorKind kind) => kind switch
    {
        UpstreamErrorKind.InvalidRequest => "invalid_request",
        UpstreamErrorKind.Authentication => "authentication",
        UpstreamErrorKind.RateLimited => "rate_limited",
        UpstreamErrorKind.ServerError => "server_error",
        UpstreamErrorKind.Unreachable => "unreachable",
        UpstreamErrorKind.Timeout => "timeout",
        UpstreamErrorKind.InvalidResponse => "invalid_response",
        UpstreamErrorKind.CircuitOpen => "circuit_open",
        UpstreamErrorKind.NotConfigured => "not_configured",
        _ => Other,
    };
}
