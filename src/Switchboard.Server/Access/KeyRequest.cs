namespace Switchboard.Server.Access;

/// <summary>The body of <c>POST /api/v1/keys</c> and <c>PATCH /api/v1/keys/{id}</c>; on PATCH, absent fields keep their value.</summary>
internal sealed class KeyRequest
{
    /// <summary>Gets or sets a name for people (1-100 characters). Required on create.</summary>
    public string? Name { get; set; }

    /// <summary>Gets or sets the tenant (create only); only an admin of the root tenant may name another tenant.</summary>
    public string? Tenant { get; set; }

    /// <summary>Gets or sets the team.</summary>
    public string? Team { get; set; }

    /// <summary>Gets or sets the user.</summary>
    public string? User { get; set; }

    /// <summary>Gets or sets the roles: admin, operator, user, service. Required on create.</summary>
    public List<string>? Roles { get; set; }

    /// <summary>Gets or sets the models, routes and policies the key may name; empty for all.</summary>
    public List<string>? AllowedModels { get; set; }

    /// <summary>Gets or sets the agents and teams the key may converse with; empty for all.</summary>
    public List<string>? AllowedAgents { get; set; }

    /// <summary>Gets or sets the key's requests per minute.</summary>
    public int? RequestsPerMinute { get; set; }

    /// <summary>Gets or sets the key's tokens per minute.</summary>
    public int? TokensPerMinute { get; set; }

    /// <summary>Gets or sets the key's USD budgets.</summary>
    public List<BudgetRequest>? Budgets { get; set; }

    /// <summary>Gets or sets the most one request may cost, in USD.</summary>
    public decimal? MaxCostPerRequestUsd { get; set; }

    /// <summary>Gets or sets when the key stops working.</summary>
    public DateTimeOffset? ExpiresAt { get; set; }

    /// <summary>Gets or sets caller-defined string pairs.</summary>
    public Dictionary<string, string>? Metadata { get; set; }
}
