namespace Switchboard.Server.RateLimits;

/// <summary>Endpoint metadata: each request counts against its caller's requests-per-minute limits.</summary>
internal sealed class RateLimitedEndpoint
{
    public static readonly RateLimitedEndpoint Instance = new();
}
