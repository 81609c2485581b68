namespace Switchboard.Gateway.RateLimits;

/// <summary>
/// The names one model call is counted under for the per-model limits (<see cref="RateLimitOptions.Models"/>): the
/// routing policy it was asked for, the route or model that policy chose (or that was asked for), and the model that
/// served it. A name that appears twice is counted once.
/// </summary>
/// <param name="Requested">The policy, route or model the caller named; null when none.</param>
/// <param name="Route">The route or model the call went to, when not <paramref name="Requested"/>.</param>
/// <param name="Served">The model that served the call, when not one of the others.</param>
public readonly record struct ModelCallNames(string? Requested, string? Route = null, string? Served = null);
