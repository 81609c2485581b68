using Switchboard.Abstractions.Governance;

namespace Switchboard.Abstractions.Access;

/// <summary>What an API key may use, and its own limits; empty lists allow everything.</summary>
public sealed record ApiKeySettings
{
    /// <summary>Gets the models, routes and routing policies the key may name; empty for all.</summary>
    public IReadOnlyList<string> AllowedModels { get; init; } = [];

    /// <summary>Gets the agents and teams the key may converse with; empty for all.</summary>
    public IReadOnlyList<string> AllowedAgents { get; init; } = [];

    /// <summary>Gets the key's requests-per-minute limit; null for the configured default.</summary>
    public int? RequestsPerMinute { get; init; }

    /// <summary>Gets the key's tokens-per-minute limit; null for the configured default.</summary>
    public int? TokensPerMinute { get; init; }

    /// <summary>Gets the key's USD budgets (usually of scope <see cref="BudgetScope.Key"/>).</summary>
    public IReadOnlyList<BudgetLimit> Budgets { get; init; } = [];

    /// <summary>Gets the most one request may cost in USD; null for the configured default.</summary>
    public decimal? MaxCostPerRequestUsd { get; init; }
}
