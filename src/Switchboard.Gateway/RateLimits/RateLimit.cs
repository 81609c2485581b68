namespace Switchboard.Gateway.RateLimits;

/// <summary>A pair of per-minute limits; a null value means no limit.</summary>
public sealed class RateLimit
{
    /// <summary>Gets or sets the requests admitted per minute.</summary>
    public int? RequestsPerMinute { get; set; }

    /// <summary>Gets or sets the tokens (prompt and completion) admitted per minute.</summary>
    public int? TokensPerMinute { get; set; }

    /// <summary>Checks the values; problems name the field under <paramref name="path"/>.</summary>
    public IEnumerable<string> Validate(string path)
    {
        if (RequestsPerMinute is <= 0)
        {
            yield return $"{path}:RequestsPerMinute: must be positive.";
        }

        if (TokensPerMinute is <= 0)
        {
            yield return $"{path}:TokensPerMinute: must be positive.";
        }
    }
}
