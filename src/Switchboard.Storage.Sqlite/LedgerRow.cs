using System.Globalization;
using Switchboard.Abstractions.Governance;

namespace Switchboard.Storage.Sqlite;

/// <summary>A <c>ledger</c> row as Dapper reads and writes it: costs in nano-USD, prices as exact decimal text.</summary>
internal sealed class LedgerRow
{
    /// <summary>The columns, aliased to the properties.</summary>
    public const string Columns =
        "id AS Id, created_at AS CreatedAt, tenant_id AS TenantId, key_id AS KeyId, user_id AS UserId, team_id AS TeamId, " +
        "conversation_id AS ConversationId, agent AS Agent, agent_run_id AS AgentRunId, route AS Route, provider AS Provider, " +
        "model AS Model, streaming AS Streaming, prompt_tokens AS PromptTokens, completion_tokens AS CompletionTokens, " +
        "cached_tokens AS CachedTokens, reasoning_tokens AS ReasoningTokens, input_price_per_million AS InputPricePerMillion, " +
        "output_price_per_million AS OutputPricePerMillion, price_version AS PriceVersion, cost_nano_usd AS CostNanoUsd, " +
        "unpriced AS Unpriced, cache_hit AS CacheHit, saved_nano_usd AS SavedNanoUsd, latency_ms AS LatencyMs, ttft_ms AS TtftMs, " +
        "status AS Status, error_class AS ErrorClass";

    public string Id { get; set; } = string.Empty;

    public long CreatedAt { get; set; }

    public string TenantId { get; set; } = string.Empty;

    public string? KeyId { get; set; }

    public string? UserId { get; set; }

    public string? TeamId { get; set; }

    public string? ConversationId { get; set; }

    public string? Agent { get; set; }

    public string? AgentRunId { get; set; }

    public string? Route { get; set; }

    public string? Provider { get; set; }

    public string? Model { get; set; }

    public long Streaming { get; set; }

    public long PromptTokens { get; set; }

    public long CompletionTokens { get; set; }

    public long CachedTokens { get; set; }

    public long ReasoningTokens { get; set; }

    public string? InputPricePerMillion { get; set; }

    public string? OutputPricePerMillion { get; set; }

    public string PriceVersion { get; set; } = string.Empty;

    public long? CostNanoUsd { get; set; }

    public long Unpriced { get; set; }

    public long CacheHit { get; set; }

    public long SavedNanoUsd { get; set; }

    public double LatencyMs { get; set; }

    public double? TtftMs { get; set; }

    public string Status { get; set; } = string.Empty;

    public string? ErrorClass { get; set; }

    public LedgerEntry ToEntry() => new()
    {
        Id = Id,
        Timestamp = DateTimeOffset.FromUnixTimeMilliseconds(CreatedAt),
        TenantId = TenantId,
        KeyId = KeyId,
        UserId = UserId,
        TeamId = TeamId,
        ConversationId = ConversationId,
        Agent = Agent,
        AgentRunId = AgentRunId,
        Route = Route,
        Provider = Provider,
        Model = Model,
        Streaming = Streaming != 0,
        PromptTokens = PromptTokens,
        CompletionTokens = CompletionTokens,
        CachedTokens = CachedTokens,
        ReasoningTokens = ReasoningTokens,
        InputPricePerMillion = ParsePrice(InputPricePerMillion),
        OutputPricePerMillion = ParsePrice(OutputPricePerMillion),
        PriceVersion = PriceVersion,
        CostUsd = CostNanoUsd is { } cost ? NanoUsd.ToUsd(cost) : null,
        Unpriced = Unpriced != 0,
        CacheHit = CacheHit != 0,
        SavedUsd = NanoUsd.ToUsd(SavedNanoUsd),
        LatencyMs = LatencyMs,
        TimeToFirstTokenMs = TtftMs,
        Status = Status,
        ErrorClass = ErrorClass,
    };

    private static decimal? ParsePrice(string? text) =>
        text is null ? null : decimal.Parse(text, NumberStyles.Number, CultureInfo.InvariantCulture);
}
