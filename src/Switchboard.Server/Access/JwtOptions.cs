namespace Switchboard.Server.Access;

/// <summary>JWT bearer tokens (<c>Switchboard:Auth:Jwt</c>): HS256 with a shared secret or RS256 with a public key.</summary>
public sealed class JwtOptions
{
    /// <summary>Gets or sets the expected issuer (<c>iss</c>). Required.</summary>
    public string? Issuer { get; set; }

    /// <summary>Gets or sets the expected audience (<c>aud</c>). Required.</summary>
    public string? Audience { get; set; }

    /// <summary>Gets or sets the HS256 secret (at least 32 bytes as UTF-8); set this or <see cref="PublicKeyPem"/>.</summary>
    public string? SigningKey { get; set; }

    /// <summary>Gets or sets the RS256 public key in PEM; set this or <see cref="SigningKey"/>.</summary>
    public string? PublicKeyPem { get; set; }

    /// <summary>Gets or sets the claim holding the tenant.</summary>
    /// <value>The default is <c>tenant</c>.</value>
    public string TenantClaim { get; set; } = "tenant";

    /// <summary>Gets or sets the claim holding the user.</summary>
    /// <value>The default is <c>sub</c>.</value>
    public string UserClaim { get; set; } = "sub";

    /// <summary>Gets or sets the claim holding the roles (one claim per role, or a space-separated list).</summary>
    /// <value>The default is <c>roles</c>.</value>
    public string RolesClaim { get; set; } = "roles";

    /// <summary>Gets or sets the claim holding the team.</summary>
    /// <value>The default is <c>team</c>.</value>
    public string TeamClaim { get; set; } = "team";

    /// <summary>Gets or sets the allowed clock skew in seconds.</summary>
    /// <value>The default is 60.</value>
    public double ClockSkewSeconds { get; set; } = 60;
}
