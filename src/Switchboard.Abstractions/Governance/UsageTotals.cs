namespace Switchboard.Abstractions.Governance;

/// <summary>The sums of all ledger entries a <see cref="UsageQuery"/> covers; <see cref="UsageRow"/> adds the group.</summary>
public record UsageTotals
{
    /// <summary>Gets the number of calls.</summary>
    public long Requests { get; init; }

    /// <summary>Gets the input tokens.</summary>
    public long PromptTokens { get; init; }

    /// <summary>Gets the output tokens.</summary>
    public long CompletionTokens { get; init; }

    /// <summary>Gets the input tokens served from providers' prompt caches.</summary>
    public long CachedTokens { get; init; }

    /// <summary>Gets the reasoning tokens.</summary>
    public long ReasoningTokens { get; init; }

    /// <summary>Gets the cost in USD of the priced calls; <see cref="UnpricedRequests"/> says how many were left out.</summary>
    public decimal CostUsd { get; init; }

    /// <summary>Gets the cost cache hits avoided, in USD.</summary>
    public decimal SavedUsd { get; init; }

    /// <summary>Gets the number of calls to models without a price (not in <see cref="CostUsd"/>).</summary>
    public long UnpricedRequests { get; init; }

    /// <summary>Gets the number of calls the response cache answered.</summary>
    public long CacheHits { get; init; }

    /// <summary>Gets the number of calls that did not end <c>ok</c> (failed or cancelled).</summary>
    public long Errors { get; init; }
}
