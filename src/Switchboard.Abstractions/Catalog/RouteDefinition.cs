namespace Switchboard.Abstractions.Catalog;

/// <summary>
/// How calls to a model name are made resilient: the targets tried in order (a fallback chain; a plain model is a
/// chain of one), and how each target is retried.
/// </summary>
/// <param name="Name">The name callers use (a route name, or the model's canonical name).</param>
/// <param name="Targets">The models tried in order.</param>
/// <param name="MaxAttempts">Attempts per target (1 = no retry).</param>
/// <param name="RetryBaseDelay">The first retry's delay; later ones grow exponentially, with jitter.</param>
/// <param name="MaxRetryAfter">The longest upstream <c>Retry-After</c> worth waiting for; longer ones move to the next target at once.</param>
public sealed record RouteDefinition(
    string Name,
    IReadOnlyList<ResolvedModel> Targets,
    int MaxAttempts,
    TimeSpan RetryBaseDelay,
    TimeSpan MaxRetryAfter)
{
    /// <summary>Gets how the order of targets is chosen for each request.</summary>
    public RouteStrategy Strategy { get; init; } = RouteStrategy.Ordered;

    /// <summary>Gets the weight of each target (same order as <see cref="Targets"/>), for <see cref="RouteStrategy.Weighted"/>.</summary>
    public IReadOnlyList<double> Weights { get; init; } = [];
}
