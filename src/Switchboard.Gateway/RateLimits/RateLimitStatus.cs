namespace Switchboard.Gateway.RateLimits;

/// <summary>The tightest request and token limits that applied to a request, for the <c>x-ratelimit-*</c> headers.</summary>
/// <param name="RequestLimit">The tightest requests-per-minute limit, or null when none applied.</param>
/// <param name="RequestsRemaining">Requests left in the current window under that limit.</param>
/// <param name="TokenLimit">The tightest tokens-per-minute limit, or null when none applied.</param>
/// <param name="TokensRemaining">Tokens left in the current window under that limit.</param>
/// <param name="Reset">How long until the current window ends.</param>
public readonly record struct RateLimitStatus(int? RequestLimit, long RequestsRemaining, int? TokenLimit, long TokensRemaining, TimeSpan Reset);
