namespace Switchboard.Gateway.Caching;

/// <summary>
/// The response cache (section <c>Switchboard:Cache</c>): exact-match answers to deterministic requests, kept in
/// memory for <see cref="TtlSeconds"/> within <see cref="MaxBytes"/>. See docs/design/response-cache.md.
/// </summary>
public sealed class ResponseCacheOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Switchboard:Cache";

    /// <summary>Gets or sets a value indicating whether the cache stage reads and stores answers at all.</summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool Enabled { get; set; } = true;

    /// <summary>Gets or sets how long a stored answer is served, in seconds.</summary>
    /// <value>The default is 300 seconds.</value>
    public int TtlSeconds { get; set; } = 300;

    /// <summary>
    /// Gets or sets the memory bound of the in-process cache, in bytes, as estimated by
    /// <see cref="CachedResponse.ApproximateBytes"/>; the least recently used answers are evicted to stay within it.
    /// </summary>
    /// <value>The default is 64 MiB.</value>
    public long MaxBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>Gets or sets the largest answer stored, in bytes (estimated as for <see cref="MaxBytes"/>); larger answers are not cached.</summary>
    /// <value>The default is 1 MiB.</value>
    public long MaxEntryBytes { get; set; } = 1024 * 1024;

    /// <summary>
    /// Gets or sets a value indicating whether requests that are not deterministic (temperature unset or other than 0)
    /// are cached too. Off, only a temperature of 0 or the caller's <c>force</c> makes a request cacheable.
    /// </summary>
    /// <value>The default is <see langword="false"/>.</value>
    public bool CacheNonDeterministic { get; set; }

    /// <summary>Gets <see cref="TtlSeconds"/> as a time span.</summary>
    public TimeSpan Ttl => TimeSpan.FromSeconds(TtlSeconds);

    /// <summary>Returns one message per invalid field, each naming it; empty when the options are valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (TtlSeconds <= 0)
        {
            problems.Add($"{Section}:TtlSeconds: must be positive.");
        }

        if (MaxBytes <= 0)
        {
            problems.Add($"{Section}:MaxBytes: must be positive.");
        }

        if (MaxEntryBytes <= 0)
        {
            problems.Add($"{Section}:MaxEntryBytes: must be positive.");
        }
        else if (MaxBytes > 0 && MaxEntryBytes > MaxBytes)
        {
            problems.Add($"{Section}:MaxEntryBytes: must not exceed {Section}:MaxBytes.");
        }

        return problems;
    }
}
