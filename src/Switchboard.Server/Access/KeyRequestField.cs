namespace Switchboard.Server.Access;

/// <summary>The optional fields a PATCH can clear with <c>null</c>.</summary>
[Flags]
internal enum KeyRequestField
{
    /// <summary>None.</summary>
    None = 0,

    /// <summary><c>team</c>.</summary>
    Team = 1,

    /// <summary><c>user</c>.</summary>
    User = 2,

    /// <summary><c>requests_per_minute</c>.</summary>
    RequestsPerMinute = 4,

    /// <summary><c>tokens_per_minute</c>.</summary>
    TokensPerMinute = 8,

    /// <summary><c>max_cost_per_request_usd</c>.</summary>
    MaxCostPerRequestUsd = 16,

    /// <summary><c>expires_at</c>.</summary>
    ExpiresAt = 32,
}
