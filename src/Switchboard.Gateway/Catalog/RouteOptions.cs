namespace Switchboard.Gateway.Catalog;

/// <summary>
/// The configuration shape of a route (<c>Switchboard:Routes:&lt;name&gt;</c>), and of the retry settings of direct model
/// calls (<c>Switchboard:Retries</c>, where <see cref="Targets"/> is unused).
/// </summary>
public sealed class RouteOptions
{
    /// <summary>The default attempts per target.</summary>
    public const int DefaultMaxAttempts = 2;

    /// <summary>The default first retry delay, in milliseconds.</summary>
    public const double DefaultRetryBaseDelayMs = 250;

    /// <summary>The default longest Retry-After worth waiting for, in seconds.</summary>
    public const double DefaultMaxRetryAfterSeconds = 10;

    /// <summary>Gets the models tried in order, as <c>provider:model</c>. Required for a route.</summary>
    public List<string> Targets { get; } = [];

    /// <summary>Gets or sets how targets are ordered per request: <c>ordered</c>, <c>weighted</c> or <c>least-busy</c>.</summary>
    /// <value>The default is <c>ordered</c> (a fallback chain).</value>
    public string? Strategy { get; set; }

    /// <summary>Gets the weight of each target for <c>weighted</c> (positive; the default is 1 each).</summary>
    public List<double> Weights { get; } = [];

    /// <summary>Gets or sets the attempts per target on 429, 5xx, connection failures and timeouts (1 = no retry).</summary>
    /// <value>The default is 2.</value>
    public int? MaxAttempts { get; set; }

    /// <summary>Gets or sets the first retry's delay in milliseconds; later ones double, with jitter.</summary>
    /// <value>The default is 250 ms.</value>
    public double? RetryBaseDelayMs { get; set; }

    /// <summary>Gets or sets the longest upstream Retry-After worth waiting for, in seconds; a longer one fails over at once.</summary>
    /// <value>The default is 10 seconds.</value>
    public double? MaxRetryAfterSeconds { get; set; }
}
