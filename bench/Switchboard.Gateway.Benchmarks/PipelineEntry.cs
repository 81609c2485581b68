namespace Switchboard.Gateway.Benchmarks;

/// <summary>
/// Where a benchmark call enters the pipeline, innermost first; each entry runs that stage and every stage inside it,
/// so that the difference between two neighbours is what one stage costs.
/// </summary>
public enum PipelineEntry
{
    /// <summary>The provider adapter alone (the canned-answer client): no pipeline.</summary>
    Bare,

    /// <summary>The provider router (catalog lookup, upstream model id), then the adapter.</summary>
    Router,

    /// <summary>Failover (Polly retry pipeline, per-attempt timeout, circuit breaker), then the router.</summary>
    Failover,

    /// <summary>Model rate limits (admit the call, count its tokens), then failover.</summary>
    RateLimits,

    /// <summary>Budgets (reserve the worst case on the tenant's and the key's budgets, settle), then rate limits.</summary>
    Budgets,

    /// <summary>Routing policies (none configured: the request names a model), then budgets.</summary>
    RoutingPolicies,

    /// <summary>The response cache (request not deterministic: passed by), then routing policies.</summary>
    ResponseCache,

    /// <summary>Metering (one ledger entry, queued for the writer), then the cache.</summary>
    Metering,

    /// <summary>The whole pipeline, as the endpoints call it: telemetry (metrics; no trace exported), then metering.</summary>
    Full,
}
