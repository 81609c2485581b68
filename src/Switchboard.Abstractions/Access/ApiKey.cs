namespace Switchboard.Abstractions.Access;

/// <summary>A stored API key, without its secret.</summary>
/// <param name="Id">The key id (<c>key_…</c>); the token embeds it.</param>
/// <param name="Name">A name for people.</param>
/// <param name="Prefix">The first characters of the token, to recognise it.</param>
/// <param name="TenantId">The tenant the key belongs to.</param>
/// <param name="TeamId">The team, if any.</param>
/// <param name="UserId">The user, if any.</param>
/// <param name="Roles">The roles (see <see cref="Access.Roles"/>).</param>
/// <param name="Settings">What the key may use and its limits.</param>
/// <param name="Metadata">Caller-defined string pairs.</param>
/// <param name="ExpiresAt">When the key stops working; null for never.</param>
/// <param name="CreatedAt">When it was created.</param>
/// <param name="UpdatedAt">When it was last changed (rotation included).</param>
/// <param name="RevokedAt">When it was revoked; null while active.</param>
/// <param name="CreatedBy">The key id that created it, or <c>jwt:&lt;user&gt;</c> for a token (as the audit log names actors); null for the bootstrap key.</param>
public sealed record ApiKey(
    string Id,
    string Name,
    string Prefix,
    string TenantId,
    string? TeamId,
    string? UserId,
    IReadOnlyList<string> Roles,
    ApiKeySettings Settings,
    IReadOnlyDictionary<string, string> Metadata,
    DateTimeOffset? ExpiresAt,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? RevokedAt,
    string? CreatedBy)
{
    /// <summary>Gets a value indicating whether the key has been revoked.</summary>
    public bool IsRevoked => RevokedAt is not null;

    /// <summary>Gets whether the key has expired at <paramref name="now"/>.</summary>
    public bool IsExpiredAt(DateTimeOffset now) => ExpiresAt is { } expires && expires <= now;
}
