namespace Switchboard.Abstractions.Errors;

/// <summary>What went wrong with an upstream call, independent of the provider's wire format.</summary>
public enum UpstreamErrorKind
{
    /// <summary>The upstream rejected the request as invalid (HTTP 400, 404, 409, 413, 422).</summary>
    InvalidRequest,

    /// <summary>The upstream rejected Switchboard's credentials (HTTP 401, 403).</summary>
    Authentication,

    /// <summary>The upstream is rate-limiting (HTTP 429).</summary>
    RateLimited,

    /// <summary>The upstream failed or is overloaded (HTTP 5xx, 529).</summary>
    ServerError,

    /// <summary>The upstream could not be reached (DNS, connection refused, reset).</summary>
    Unreachable,

    /// <summary>The upstream did not answer in time.</summary>
    Timeout,

    /// <summary>The upstream answered with something that is not its documented format.</summary>
    InvalidResponse,

    /// <summary>The target's circuit is open after repeated failures; it is skipped until it recovers.</summary>
    CircuitOpen,

    /// <summary>The provider is not usable as configured (for example its API key variable is unset).</summary>
    NotConfigured,
}
