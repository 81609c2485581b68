using Switchboard.Abstractions.Access;

namespace Switchboard.Server.Access;

/// <summary>An API key as the API shows it: never its secret, only its prefix.</summary>
internal sealed record KeyDto(
    string Id,
    string Object,
    string Name,
    string Prefix,
    string Tenant,
    string? Team,
    string? User,
    IReadOnlyList<string> Roles,
    IReadOnlyList<string> AllowedModels,
    IReadOnlyList<string> AllowedAgents,
    int? RequestsPerMinute,
    int? TokensPerMinute,
    IReadOnlyList<BudgetDto> Budgets,
    decimal? MaxCostPerRequestUsd,
    IReadOnlyDictionary<string, string> Metadata,
    string Status,
    DateTimeOffset? ExpiresAt,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? RevokedAt,
    string? CreatedBy)
{
    /// <summary>Gets the token; present only in the answer that created or rotated the key.</summary>
    public string? Key { get; init; }

    public static KeyDto From(ApiKey key, DateTimeOffset now, string? token = null) => new(
        key.Id,
        "api_key",
        key.Name,
        key.Prefix,
        key.TenantId,
        key.TeamId,
        key.UserId,
        key.Roles,
        key.Settings.AllowedModels,
        key.Settings.AllowedAgents,
        key.Settings.RequestsPerMinute,
        key.Settings.TokensPerMinute,
        [.. key.Settings.Budgets.Select(b => new BudgetDto(b.Scope.ToString().ToLowerInvariant(), b.Period.ToString().ToLowerInvariant(), b.LimitUsd))],
        key.Settings.MaxCostPerRequestUsd,
        key.Metadata,
        key.IsRevoked ? "revoked" : key.IsExpiredAt(now) ? "expired" : "active",
        key.ExpiresAt,
        key.CreatedAt,
        key.UpdatedAt,
        key.RevokedAt,
        key.CreatedBy)
    {
        Key = token,
    };
}
