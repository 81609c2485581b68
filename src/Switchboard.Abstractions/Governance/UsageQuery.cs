namespace Switchboard.Abstractions.Governance;

/// <summary>Which ledger entries a report covers, and how it groups them.</summary>
public sealed record UsageQuery
{
    /// <summary>Gets the tenant; a report never covers another tenant's entries.</summary>
    public required string TenantId { get; init; }

    /// <summary>Gets the API key to restrict to, or null for all.</summary>
    public string? KeyId { get; init; }

    /// <summary>Gets the user to restrict to, or null for all.</summary>
    public string? UserId { get; init; }

    /// <summary>Gets the agent to restrict to, or null for all.</summary>
    public string? Agent { get; init; }

    /// <summary>Gets the canonical <c>provider:model</c> to restrict to, or null for all.</summary>
    public string? Model { get; init; }

    /// <summary>Gets the start of the period (inclusive), or null for no start.</summary>
    public DateTimeOffset? From { get; init; }

    /// <summary>Gets the end of the period (exclusive), or null for no end.</summary>
    public DateTimeOffset? To { get; init; }

    /// <summary>Gets what the report sums by.</summary>
    /// <value>The default is <see cref="UsageGrouping.Day"/>.</value>
    public UsageGrouping GroupBy { get; init; } = UsageGrouping.Day;
}
