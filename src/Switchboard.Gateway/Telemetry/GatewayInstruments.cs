using System.Diagnostics.Metrics;
using Switchboard.Abstractions.Telemetry;

namespace Switchboard.Gateway.Telemetry;

/// <summary>The gateway's instruments on the <c>Switchboard</c> meter, created once per process.</summary>
internal static class GatewayInstruments
{
    /// <summary>Bucket bounds for model-call latencies, in seconds (the GenAI semantic conventions' advice: 10 ms to 82 s).</summary>
    private static readonly double[] LatencyBuckets = [0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92];

    /// <summary>Bucket bounds for token counts per call (the GenAI semantic conventions' advice: powers of 4).</summary>
    private static readonly long[] TokenBuckets = [1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864];

    /// <summary><c>switchboard.model.requests</c>: model calls by provider, model, route and status.</summary>
    public static readonly Counter<long> Requests = SwitchboardTelemetry.Meter.CreateCounter<long>(
        "switchboard.model.requests", "{request}", "Model calls through the pipeline, once per call (retries and fallbacks included), by outcome.");

    /// <summary><c>gen_ai.client.operation.duration</c>: what the caller waited for a whole call.</summary>
    public static readonly Histogram<double> Duration = SwitchboardTelemetry.Meter.CreateHistogram(
        "gen_ai.client.operation.duration", "s", "Duration of model calls as the caller sees them (a stream: until its last update).",
        tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LatencyBuckets });

    /// <summary><c>gen_ai.client.operation.time_to_first_chunk</c>: time to a stream's first update.</summary>
    public static readonly Histogram<double> TimeToFirstChunk = SwitchboardTelemetry.Meter.CreateHistogram(
        "gen_ai.client.operation.time_to_first_chunk", "s", "Time from the start of a streaming model call to its first update (time to first token).",
        tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LatencyBuckets });

    /// <summary><c>gen_ai.client.token.usage</c>: tokens per call, by type.</summary>
    public static readonly Histogram<long> TokenUsage = SwitchboardTelemetry.Meter.CreateHistogram(
        "gen_ai.client.token.usage", "{token}", "Input and output tokens per model call, as the provider reported them.",
        tags: null, advice: new InstrumentAdvice<long> { HistogramBucketBoundaries = TokenBuckets });

    /// <summary><c>switchboard.model.tokens</c>: total tokens by provider, model and type.</summary>
    public static readonly Counter<long> Tokens = SwitchboardTelemetry.Meter.CreateCounter<long>(
        "switchboard.model.tokens", "{token}", "Tokens used by model calls, by type (input or output).");

    /// <summary><c>switchboard.model.cost</c>: USD spent, for models whose prices are configured.</summary>
    public static readonly Counter<double> Cost = SwitchboardTelemetry.Meter.CreateCounter<double>(
        "switchboard.model.cost", "USD", "Cost of model calls in US dollars, from the catalog's prices; calls to models without prices are not counted.");

    /// <summary><c>switchboard.model.fallbacks</c>: a route left a target for the next one.</summary>
    public static readonly Counter<long> Fallbacks = SwitchboardTelemetry.Meter.CreateCounter<long>(
        "switchboard.model.fallbacks", "{fallback}", "Times a route gave up on a target and moved to the next one, by the reason.");

    /// <summary><c>switchboard.model.retries</c>: a target was called again after a retryable failure.</summary>
    public static readonly Counter<long> Retries = SwitchboardTelemetry.Meter.CreateCounter<long>(
        "switchboard.model.retries", "{retry}", "Retries of an upstream target after a retryable failure, by the reason.");

    /// <summary><c>switchboard.ledger.unpriced</c>: calls the cost ledger recorded without a cost, by provider and model.</summary>
    public static readonly Counter<long> LedgerUnpriced = SwitchboardTelemetry.Meter.CreateCounter<long>(
        "switchboard.ledger.unpriced", "{request}", "Model calls recorded in the cost ledger without a cost because the catalog has no price for the model.");

    /// <summary><c>switchboard.budget.rejections</c>: calls refused before they were made, by the budget scope that refused.</summary>
    public static readonly Counter<long> BudgetRejections = SwitchboardTelemetry.Meter.CreateCounter<long>(
        "switchboard.budget.rejections", "{request}", "Model calls refused because their worst-case cost did not fit in a budget (scope) or the per-request limit (scope request).");

    /// <summary><c>switchboard.budget.overrun</c>: calls that cost more than they reserved.</summary>
    public static readonly Counter<long> BudgetOverruns = SwitchboardTelemetry.Meter.CreateCounter<long>(
        "switchboard.budget.overrun", "{request}", "Model calls whose reported usage cost more than their reservation (the worst-case estimate was wrong); the excess is charged anyway.");

    /// <summary><c>switchboard.cache.requests</c>: model calls the response cache saw, by <c>result</c> (hit, miss, bypass) and requested model.</summary>
    public static readonly Counter<long> CacheRequests = SwitchboardTelemetry.Meter.CreateCounter<long>(
        "switchboard.cache.requests", "{request}", "Model calls seen by the response cache, by result: hit (answered from the cache), miss (looked up, not found) or bypass (not looked up).");

    /// <summary><c>switchboard.cache.evictions</c>: entries dropped to stay within a cache's memory bound, by <c>cache</c> (response, tool).</summary>
    public static readonly Counter<long> CacheEvictions = SwitchboardTelemetry.Meter.CreateCounter<long>(
        "switchboard.cache.evictions", "{entry}", "Cache entries evicted (least recently used first) to keep a cache within its memory bound.");

    /// <summary><c>switchboard.ratelimit.rejections</c>: requests and model calls refused by a rate limit, by scope and kind.</summary>
    public static readonly Counter<long> RateLimitRejections = SwitchboardTelemetry.Meter.CreateCounter<long>(
        "switchboard.ratelimit.rejections", "{request}", "Requests and model calls refused because a requests-per-minute or tokens-per-minute limit (scope: key, user, tenant, model; kind: requests, tokens) was used up.");
}
