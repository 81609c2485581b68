using Switchboard.Abstractions.Governance;

namespace Switchboard.Storage.Sqlite;

/// <summary>One group of a ledger <c>GROUP BY</c>, as Dapper reads it: costs in nano-USD.</summary>
internal sealed class UsageAggregateRow
{
    /// <summary>
    /// The aggregates, aliased to the properties. Tokens are those models processed: a cache hit's row keeps the original
    /// call's usage (to price what it saved), so hits are left out of the token sums, as the metrics leave them out.
    /// </summary>
    public const string Aggregates =
        "COUNT(*) AS Requests, COALESCE(SUM(prompt_tokens * (1 - cache_hit)), 0) AS PromptTokens, COALESCE(SUM(completion_tokens * (1 - cache_hit)), 0) AS CompletionTokens, " +
        "COALESCE(SUM(cached_tokens * (1 - cache_hit)), 0) AS CachedTokens, COALESCE(SUM(reasoning_tokens * (1 - cache_hit)), 0) AS ReasoningTokens, " +
        "COALESCE(SUM(cost_nano_usd), 0) AS CostNanoUsd, COALESCE(SUM(saved_nano_usd), 0) AS SavedNanoUsd, " +
        "COALESCE(SUM(unpriced), 0) AS UnpricedRequests, COALESCE(SUM(cache_hit), 0) AS CacheHits, " +
        "COALESCE(SUM(status <> 'ok'), 0) AS Errors";

    public string? GroupKey { get; set; }

    public long Requests { get; set; }

    public long PromptTokens { get; set; }

    public long CompletionTokens { get; set; }

    public long CachedTokens { get; set; }

    public long ReasoningTokens { get; set; }

    public long CostNanoUsd { get; set; }

    public long SavedNanoUsd { get; set; }

    public long UnpricedRequests { get; set; }

    public long CacheHits { get; set; }

    public long Errors { get; set; }

    public UsageRow ToRow() => (UsageRow)Fill(new UsageRow { Group = GroupKey });

    public UsageTotals ToTotals() => Fill(new UsageTotals());

    // 'with' keeps the runtime type, so a row stays a row.
    private UsageTotals Fill(UsageTotals target) => target with
    {
        Requests = Requests,
        PromptTokens = PromptTokens,
        CompletionTokens = CompletionTokens,
        CachedTokens = CachedTokens,
        ReasoningTokens = ReasoningTokens,
        CostUsd = NanoUsd.ToUsd(CostNanoUsd),
        SavedUsd = NanoUsd.ToUsd(SavedNanoUsd),
        UnpricedRequests = UnpricedRequests,
        CacheHits = CacheHits,
        Errors = Errors,
    };
}
