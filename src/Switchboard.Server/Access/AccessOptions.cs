namespace Switchboard.Server.Access;

/// <summary>Authentication settings (<c>Switchboard:Auth</c>).</summary>
public sealed class AccessOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Switchboard:Auth";

    /// <summary>The environment variable that may hold the bootstrap admin key.</summary>
    public const string BootstrapKeyVariable = "SWITCHBOARD_BOOTSTRAP_KEY";

    /// <summary>Gets or sets a value indicating whether requests must carry an API key or token.</summary>
    /// <value>The default is <see langword="true"/>. Turning it off makes every caller an admin of the default tenant:
    /// for a laptop only.</value>
    public bool Enabled { get; set; } = true;

    /// <summary>Gets or sets the bootstrap admin key (at least 32 characters); the environment variable
    /// <c>SWITCHBOARD_BOOTSTRAP_KEY</c> also sets it.</summary>
    /// <value>The default is none: on the first start with no keys, one is generated and printed once.</value>
    public string? BootstrapKey { get; set; }

    /// <summary>Gets or sets a value indicating whether a start that finds no active root-admin key (every one revoked,
    /// expired or given other roles) creates a new bootstrap admin key and prints it once, as a first start does.</summary>
    /// <value>The default is <see langword="false"/>: such a start logs a warning that names this setting. Set it for
    /// one start to get back in, then remove it.</value>
    public bool RecoverRootAdmin { get; set; }

    /// <summary>Gets or sets the tenant of the bootstrap key; its admins may manage keys of any tenant.</summary>
    /// <value>The default is <c>default</c>.</value>
    public string RootTenant { get; set; } = Abstractions.Governance.ModelCallContext.DefaultTenant;

    /// <summary>Gets or sets how long a node trusts a key it has read before reading it again, in seconds. A revocation
    /// takes effect at once on the node that made it and within this time on the others.</summary>
    /// <value>The default is 10.</value>
    public double KeyCacheSeconds { get; set; } = 10;

    /// <summary>Gets or sets a value indicating whether <c>/metrics</c> may be scraped without a key.</summary>
    /// <value>The default is <see langword="false"/>: a key with the admin or operator role is needed.</value>
    public bool AnonymousMetrics { get; set; }

    /// <summary>Gets or sets optional JWT bearer settings; null turns JWTs off.</summary>
    public JwtOptions? Jwt { get; set; }

    /// <summary>
    /// Why a bootstrap key could be stored but never authenticate, or null. A request's key is read from a header and
    /// trimmed, so white space and control characters cannot arrive as configured; one shaped like a minted key
    /// (<c>sbk_…</c>) is looked up as that key.
    /// </summary>
    private static string? ShapeProblem(string? key) => key switch
    {
        null or "" => null,
        _ when key.Any(c => c is <= ' ' or > '~') => "use visible ASCII characters only (no spaces, line breaks or other white space), as a request header carries it.",
        _ when key.StartsWith(ApiKeyTokens.TokenPrefix, StringComparison.Ordinal) => $"must not start with '{ApiKeyTokens.TokenPrefix}', the prefix of keys Switchboard mints, or it is looked up as one of those.",
        _ => null,
    };

    /// <summary>Checks the settings; every problem names its field.</summary>
    /// <param name="environment">Reads an environment variable; the process's by default.</param>
    public IEnumerable<string> Validate(Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        if (BootstrapKey is { Length: > 0 and < 32 })
        {
            yield return $"{Section}:BootstrapKey: must be at least 32 characters.";
        }

        if (environment(BootstrapKeyVariable) is { Length: > 0 and < 32 } && string.IsNullOrEmpty(BootstrapKey))
        {
            yield return $"{BootstrapKeyVariable}: must be at least 32 characters.";
        }

        // A longer token is refused at every request, so a longer key would be stored and could never be used.
        if (environment(BootstrapKeyVariable) is { Length: > ApiKeyTokens.MaxTokenLength } && string.IsNullOrEmpty(BootstrapKey))
        {
            yield return $"{BootstrapKeyVariable}: must be at most {ApiKeyTokens.MaxTokenLength} characters.";
        }

        if (BootstrapKey is { Length: > ApiKeyTokens.MaxTokenLength })
        {
            yield return $"{Section}:BootstrapKey: must be at most {ApiKeyTokens.MaxTokenLength} characters.";
        }

        var fromEnvironment = string.IsNullOrEmpty(BootstrapKey);
        var bootstrapKey = fromEnvironment ? environment(BootstrapKeyVariable) : BootstrapKey;
        if (ShapeProblem(bootstrapKey) is { } shape)
        {
            yield return $"{(fromEnvironment ? BootstrapKeyVariable : Section + ":BootstrapKey")}: {shape}";
        }
        else if (Jwt is not null && bootstrapKey is { Length: > 0 } && JwtAuthenticator.LooksLikeJwt(bootstrapKey))
        {
            // With JWT on, a bearer token with two dots is checked as a JWT, so this key would be refused at every request.
            yield return $"{(fromEnvironment ? BootstrapKeyVariable : Section + ":BootstrapKey")}: must not contain exactly two '.' while Switchboard:Auth:Jwt is set, or it is checked as a JWT.";
        }

        if (string.IsNullOrWhiteSpace(RootTenant) || RootTenant.Length > 64)
        {
            yield return $"{Section}:RootTenant: must be 1-64 characters.";
        }

        if (!double.IsFinite(KeyCacheSeconds) || KeyCacheSeconds < 0 || KeyCacheSeconds > 3600)
        {
            yield return $"{Section}:KeyCacheSeconds: must be between 0 and 3600.";
        }

        if (Jwt is not null)
        {
            foreach (var problem in JwtAuthenticator.Validate(Jwt))
            {
                yield return problem;
            }
        }
    }
}
