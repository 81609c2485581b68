namespace Switchboard.Gateway.RateLimits;

/// <summary>
/// Requests-per-minute and tokens-per-minute limits (<c>Switchboard:RateLimits</c>), counted in fixed one-minute windows
/// (UTC) through the counter store, so that every node sharing a distributed store shares the counts.
/// </summary>
public sealed class RateLimitOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Switchboard:RateLimits";

    /// <summary>The key of <see cref="Tenants"/> or <see cref="Users"/> that applies to every id not listed.</summary>
    public const string Everyone = "*";

    /// <summary>Gets or sets a value indicating whether limits are enforced.</summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool Enabled { get; set; } = true;

    /// <summary>Gets or sets the limits of every API key that does not set its own.</summary>
    /// <value>The default is 600 requests and 1,000,000 tokens per minute.</value>
    public RateLimit Key { get; set; } = new() { RequestsPerMinute = 600, TokensPerMinute = 1_000_000 };

    /// <summary>Gets the limits per tenant (the tenant's keys together), by tenant id or <c>*</c>.</summary>
    /// <value>The default is none.</value>
    public Dictionary<string, RateLimit> Tenants { get; } = new(StringComparer.Ordinal);

    /// <summary>Gets the limits per user (all keys and tokens of the user in a tenant), by user id or <c>*</c>.</summary>
    /// <value>The default is none.</value>
    public Dictionary<string, RateLimit> Users { get; } = new(StringComparer.Ordinal);

    /// <summary>Gets the limits per model, route or policy name (all callers together), e.g. to stay under an upstream
    /// quota. A call counts under every name it goes through: the policy, the route or model it chose, and the route's
    /// target that serves it.</summary>
    /// <value>The default is none.</value>
    public Dictionary<string, RateLimit> Models { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Checks the settings; every problem names its field.</summary>
    public IEnumerable<string> Validate()
    {
        foreach (var problem in Key.Validate($"{Section}:Key"))
        {
            yield return problem;
        }

        foreach (var (name, map) in new[] { ("Tenants", Tenants), ("Users", Users), ("Models", Models) })
        {
            foreach (var (id, limit) in map)
            {
                foreach (var problem in (limit ?? new RateLimit()).Validate($"{Section}:{name}:{id}"))
                {
                    yield return problem;
                }
            }
        }
    }
}
