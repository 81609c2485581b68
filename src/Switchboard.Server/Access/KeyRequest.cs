using System.Text.Json.Serialization;

namespace Switchboard.Server.Access;

/// <summary>
/// The body of <c>POST /api/v1/keys</c> and <c>PATCH /api/v1/keys/{id}</c>. On PATCH, absent fields keep their value and,
/// as in a JSON merge patch (RFC 7396), <c>null</c> clears the optional ones: team, user, the rate limits, the
/// per-request cost limit and the expiry.
/// </summary>
internal sealed class KeyRequest
{
    private string? _team;
    private string? _user;
    private int? _requestsPerMinute;
    private int? _tokensPerMinute;
    private decimal? _maxCostPerRequestUsd;
    private DateTimeOffset? _expiresAt;

    /// <summary>Gets or sets a name for people (1-100 characters). Required on create.</summary>
    public string? Name { get; set; }

    /// <summary>Gets or sets the tenant (create only); only an admin of the root tenant may name another tenant.</summary>
    public string? Tenant { get; set; }

    /// <summary>Gets or sets the team; <c>null</c> on PATCH removes it.</summary>
    public string? Team { get => _team; set => (_team, Given) = (value, Given | KeyRequestField.Team); }

    /// <summary>Gets or sets the user; <c>null</c> on PATCH removes it.</summary>
    public string? User { get => _user; set => (_user, Given) = (value, Given | KeyRequestField.User); }

    /// <summary>Gets or sets the roles: admin, operator, user, service. Required on create.</summary>
    public List<string>? Roles { get; set; }

    /// <summary>Gets or sets the models, routes and policies the key may name; empty for all.</summary>
    public List<string>? AllowedModels { get; set; }

    /// <summary>Gets or sets the agents and teams the key may converse with; empty for all.</summary>
    public List<string>? AllowedAgents { get; set; }

    /// <summary>Gets or sets the key's requests per minute; <c>null</c> on PATCH goes back to the configured default.</summary>
    public int? RequestsPerMinute { get => _requestsPerMinute; set => (_requestsPerMinute, Given) = (value, Given | KeyRequestField.RequestsPerMinute); }

    /// <summary>Gets or sets the key's tokens per minute; <c>null</c> on PATCH goes back to the configured default.</summary>
    public int? TokensPerMinute { get => _tokensPerMinute; set => (_tokensPerMinute, Given) = (value, Given | KeyRequestField.TokensPerMinute); }

    /// <summary>Gets or sets the key's USD budgets; an empty list on PATCH removes them all.</summary>
    public List<BudgetRequest>? Budgets { get; set; }

    /// <summary>Gets or sets the most one request may cost, in USD; <c>null</c> on PATCH removes the key's own limit.</summary>
    public decimal? MaxCostPerRequestUsd { get => _maxCostPerRequestUsd; set => (_maxCostPerRequestUsd, Given) = (value, Given | KeyRequestField.MaxCostPerRequestUsd); }

    /// <summary>Gets or sets when the key stops working; <c>null</c> on PATCH makes it never expire.</summary>
    public DateTimeOffset? ExpiresAt { get => _expiresAt; set => (_expiresAt, Given) = (value, Given | KeyRequestField.ExpiresAt); }

    /// <summary>Gets or sets caller-defined string pairs.</summary>
    public Dictionary<string, string>? Metadata { get; set; }

    /// <summary>Gets the clearable fields the body named, with a value or with <c>null</c>.</summary>
    [JsonIgnore]
    public KeyRequestField Given { get; private set; }
}
