namespace Switchboard.Server.RateLimits;

/// <summary>Marks endpoints whose requests count against rate limits.</summary>
internal static class RateLimitEndpointExtensions
{
    public static TBuilder RateLimited<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(RateLimitedEndpoint.Instance);
}
