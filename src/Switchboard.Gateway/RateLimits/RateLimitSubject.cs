namespace Switchboard.Gateway.RateLimits;

/// <summary>Who a request is counted for.</summary>
/// <param name="TenantId">The tenant.</param>
/// <param name="KeyId">The API key, if any.</param>
/// <param name="UserId">The user, if any.</param>
/// <param name="KeyLimit">The key's own limits, overriding <see cref="RateLimitOptions.Key"/> value by value.</param>
public sealed record RateLimitSubject(string TenantId, string? KeyId, string? UserId, RateLimit? KeyLimit);
