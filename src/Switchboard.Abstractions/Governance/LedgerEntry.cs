namespace Switchboard.Abstractions.Governance;

/// <summary>
/// One model call as the cost ledger records it: who it was for, what answered, the tokens it used, the unit prices
/// applied and what it cost. The metering stage writes exactly one entry per call, whether it succeeded, failed or was
/// cancelled.
/// </summary>
/// <remarks>
/// Costs are exact decimals in US dollars. <see cref="CostUsd"/> is <see langword="null"/> only when the catalog has no
/// price for the model (<see cref="Unpriced"/>); an unknown price is never recorded as zero. A cache hit costs nothing
/// (<see cref="CostUsd"/> is 0) and records what the call would have cost in <see cref="SavedUsd"/>.
/// </remarks>
public sealed record LedgerEntry
{
    /// <summary>The <see cref="Status"/> of a call that succeeded.</summary>
    public const string OkStatus = "ok";

    /// <summary>Gets the entry's id (<c>led_…</c>, a sortable id).</summary>
    public required string Id { get; init; }

    /// <summary>Gets when the call started.</summary>
    public required DateTimeOffset Timestamp { get; init; }

    /// <summary>Gets the tenant charged.</summary>
    public string TenantId { get; init; } = ModelCallContext.DefaultTenant;

    /// <summary>Gets the API key id, when the caller used one.</summary>
    public string? KeyId { get; init; }

    /// <summary>Gets the user, when known.</summary>
    public string? UserId { get; init; }

    /// <summary>Gets the team, when known.</summary>
    public string? TeamId { get; init; }

    /// <summary>Gets the conversation the call served, when known.</summary>
    public string? ConversationId { get; init; }

    /// <summary>Gets the agent that made the call, when an agent did.</summary>
    public string? Agent { get; init; }

    /// <summary>Gets the agent run (one user message handled by the agent runtime), when an agent made the call.</summary>
    public string? AgentRunId { get; init; }

    /// <summary>Gets the route, routing policy or model name the call was routed by.</summary>
    public string? Route { get; init; }

    /// <summary>Gets the provider that answered (or, for a failed call, the one that failed), when known.</summary>
    public string? Provider { get; init; }

    /// <summary>Gets the canonical <c>provider:model</c> that answered, when known.</summary>
    public string? Model { get; init; }

    /// <summary>Gets a value indicating whether the call was a streaming call.</summary>
    public bool Streaming { get; init; }

    /// <summary>Gets the input tokens the provider reported (0 when it reported none).</summary>
    public long PromptTokens { get; init; }

    /// <summary>Gets the output tokens the provider reported (0 when it reported none).</summary>
    public long CompletionTokens { get; init; }

    /// <summary>Gets the input tokens served from the provider's prompt cache (part of <see cref="PromptTokens"/>).</summary>
    public long CachedTokens { get; init; }

    /// <summary>Gets the reasoning tokens (part of <see cref="CompletionTokens"/>).</summary>
    public long ReasoningTokens { get; init; }

    /// <summary>Gets the USD price per million input tokens that was applied, when the model has one.</summary>
    public decimal? InputPricePerMillion { get; init; }

    /// <summary>Gets the USD price per million output tokens that was applied, when the model has one.</summary>
    public decimal? OutputPricePerMillion { get; init; }

    /// <summary>Gets the version of the catalog's price table the prices came from.</summary>
    public string PriceVersion { get; init; } = string.Empty;

    /// <summary>Gets the cost in USD; <see langword="null"/> only when the model has no price.</summary>
    public decimal? CostUsd { get; init; }

    /// <summary>Gets a value indicating whether the catalog had no price for the model.</summary>
    public bool Unpriced { get; init; }

    /// <summary>Gets a value indicating whether the response cache answered the call.</summary>
    public bool CacheHit { get; init; }

    /// <summary>Gets the cost a cache hit avoided, in USD; 0 for other calls.</summary>
    public decimal SavedUsd { get; init; }

    /// <summary>Gets how long the call took as the caller saw it (a stream: until it ended), in milliseconds.</summary>
    public double LatencyMs { get; init; }

    /// <summary>Gets the time to a stream's first update in milliseconds; null for other calls.</summary>
    public double? TimeToFirstTokenMs { get; init; }

    /// <summary>Gets <c>ok</c>, or the error type the call ended with (e.g. <c>rate_limited</c>, <c>cancelled</c>).</summary>
    public string Status { get; init; } = OkStatus;

    /// <summary>Gets the class of the failure (e.g. <c>RateLimited</c>, <c>ModelNotFound</c>), for calls that failed.</summary>
    public string? ErrorClass { get; init; }
}
