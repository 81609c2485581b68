using System.IdentityModel.Tokens.Jwt;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.Tokens;
using Switchboard.Abstractions.Access;

namespace Switchboard.Server.Access;

/// <summary>
/// Validates JWT bearer tokens (HS256 or RS256; issuer, audience, lifetime and signature all required) and maps their
/// claims to a caller: tenant, user, team and roles. Unknown roles are ignored; a token without a tenant is refused.
/// </summary>
internal sealed class JwtAuthenticator
{
    /// <summary>The longest bearer value read as a JWT: room for a 4096-bit RSA signature and the group claims identity
    /// providers add, yet far below the handler's own limit of 250 KB.</summary>
    public const int MaxTokenLength = 8192;

    private readonly JwtOptions _options;
    private readonly TokenValidationParameters _parameters;
    private readonly JwtSecurityTokenHandler _handler = new() { MapInboundClaims = false };

    public JwtAuthenticator(JwtOptions options, TimeProvider timeProvider)
    {
        _options = options;
        SecurityKey key = options.PublicKeyPem is { Length: > 0 } pem ? RsaKey(pem) : new SymmetricSecurityKey(Encoding.UTF8.GetBytes(options.SigningKey!));
        _parameters = new TokenValidationParameters
        {
            ValidIssuer = options.Issuer,
            ValidAudience = options.Audience,
            IssuerSigningKey = key,
            ValidAlgorithms = options.PublicKeyPem is { Length: > 0 } ? [SecurityAlgorithms.RsaSha256] : [SecurityAlgorithms.HmacSha256],
            ValidateIssuer = true,
            ValidateAudience = true,
            ValidateLifetime = true,
            RequireExpirationTime = true,
            RequireSignedTokens = true,
            ClockSkew = TimeSpan.FromSeconds(options.ClockSkewSeconds),
            LifetimeValidator = (notBefore, expires, token, _) =>
            {
                // The handler reads an nbf that is not a number as no nbf at all: refuse it instead.
                if (notBefore is null && token is JwtSecurityToken { Payload: var payload } && payload.ContainsKey(JwtRegisteredClaimNames.Nbf))
                {
                    return false;
                }

                var now = timeProvider.GetUtcNow().UtcDateTime;
                var skew = TimeSpan.FromSeconds(options.ClockSkewSeconds);
                return (notBefore is null || notBefore.Value - skew <= now) && expires is not null && now < expires.Value + skew;
            },
        };
    }

    /// <summary>Checks the configuration; returns problems naming fields.</summary>
    public static IEnumerable<string> Validate(JwtOptions options)
    {
        const string prefix = AccessOptions.Section + ":Jwt:";
        if (string.IsNullOrWhiteSpace(options.Issuer))
        {
            yield return $"{prefix}Issuer: is required.";
        }

        if (string.IsNullOrWhiteSpace(options.Audience))
        {
            yield return $"{prefix}Audience: is required.";
        }

        var hasSecret = !string.IsNullOrEmpty(options.SigningKey);
        var hasPem = !string.IsNullOrEmpty(options.PublicKeyPem);
        if (hasSecret == hasPem)
        {
            yield return $"{prefix}SigningKey: set this (HS256) or PublicKeyPem (RS256), not both.";
        }
        else if (hasSecret && Encoding.UTF8.GetByteCount(options.SigningKey!) < 32)
        {
            yield return $"{prefix}SigningKey: must be at least 32 bytes.";
        }
        else if (hasPem)
        {
            string? problem = null;
            try
            {
                RsaKey(options.PublicKeyPem!);
            }
            catch (Exception exception) when (exception is ArgumentException or CryptographicException)
            {
                problem = $"{prefix}PublicKeyPem: is not an RSA public key in PEM: {exception.Message}";
            }

            if (problem is not null)
            {
                yield return problem;
            }
        }

        if (!(options.ClockSkewSeconds >= 0 && options.ClockSkewSeconds <= 86_400))
        {
            yield return $"{prefix}ClockSkewSeconds: must be between 0 and 86400 seconds (one day).";
        }
    }

    /// <summary>Gets whether a bearer value has the shape of a JWT (three dot-separated parts).</summary>
    public static bool LooksLikeJwt(string token) => token.Count(c => c == '.') == 2 && !token.StartsWith(ApiKeyTokens.TokenPrefix, StringComparison.Ordinal);

    /// <summary>Validates a token and maps its claims; returns null with the reason when it is refused.</summary>
    public (CallerPrincipal? Caller, string Failure) Authenticate(string token)
    {
        ClaimsPrincipal principal;

        // Besides its own exceptions, the handler fails with a cast error on a time claim that is an object or a number
        // too large for it: a refused token all the same, not a server error.
        try
        {
            principal = _handler.ValidateToken(token, _parameters, out _);
        }
        catch (Exception exception) when (exception is SecurityTokenException or ArgumentException or FormatException or InvalidCastException or OverflowException)
        {
            return (null, exception.GetType().Name);
        }

        var tenant = principal.FindFirst(_options.TenantClaim)?.Value;
        var user = principal.FindFirst(_options.UserClaim)?.Value;
        if (string.IsNullOrWhiteSpace(tenant) || string.IsNullOrWhiteSpace(user))
        {
            return (null, "missing tenant or user claim");
        }

        // Tenant ids follow the rules of the key API's (no '/'), so that the counters named '{tenant}/{user}' of two
        // tenants can never be the same name ('a/b' + 'c' against 'a' + 'b/c').
        if (!KeyRequestValidator.IsId(tenant))
        {
            return (null, "invalid tenant claim");
        }

        var roles = principal.FindAll(_options.RolesClaim)
            .SelectMany(c => c.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(Roles.All.Contains)
            .Distinct(StringComparer.Ordinal)
            .ToList();
        return (new CallerPrincipal
        {
            TenantId = tenant,
            Name = user,
            UserId = user,
            TeamId = principal.FindFirst(_options.TeamClaim)?.Value,
            Roles = roles,
            Permissions = RolePermissions.Of(roles, rootAdmin: false),
        }, string.Empty);
    }

    private static RsaSecurityKey RsaKey(string pem)
    {
        var rsa = RSA.Create();
        rsa.ImportFromPem(pem);
        return new RsaSecurityKey(rsa);
    }
}
