namespace Switchboard.Gateway.Policies;

/// <summary>
/// The configuration shape of one routing policy (<c>Switchboard:Policies:&lt;name&gt;</c>): a name callers use instead
/// of a model, which chooses a route or model for each request.
/// </summary>
public sealed class RoutingPolicyOptions
{
    /// <summary>The default lowest confidence at which an <c>intent</c> policy follows the classifier.</summary>
    public const double DefaultMinConfidence = 0.5;

    /// <summary>The default lowest tier (1-based) of a <c>complexity</c> policy when the request offers tools.</summary>
    public const int DefaultMinTierWithTools = 2;

    /// <summary>Gets or sets how the policy chooses: <c>intent</c> or <c>complexity</c>. Required.</summary>
    public string? Kind { get; set; }

    /// <summary>
    /// Gets the labels of an <c>intent</c> policy: example utterances and the route or model each label goes to.
    /// </summary>
    public Dictionary<string, IntentRouteOptions> Intents { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Gets or sets where an <c>intent</c> policy sends a message no label fits (or one below
    /// <see cref="MinConfidence"/>): a route or model name. Required for <c>intent</c>.
    /// </summary>
    public string? Default { get; set; }

    /// <summary>Gets or sets the lowest classifier confidence, 0 to 1, at which an <c>intent</c> policy follows a label.</summary>
    /// <value>The default is 0.5.</value>
    public double? MinConfidence { get; set; }

    /// <summary>
    /// Gets the targets of a <c>complexity</c> policy, cheapest first (route or model names). Required for
    /// <c>complexity</c>: at least two.
    /// </summary>
    public List<string> Tiers { get; } = [];

    /// <summary>
    /// Gets the scores, strictly increasing within (0, 1), at which a <c>complexity</c> policy moves to the next tier:
    /// one fewer than <see cref="Tiers"/>.
    /// </summary>
    /// <value>The default splits (0, 1) evenly: 0.5 for two tiers, 1/3 and 2/3 for three.</value>
    public List<double> Thresholds { get; } = [];

    /// <summary>Gets the words or phrases that move a <c>complexity</c> policy one tier up (they replace the defaults).</summary>
    /// <value>The default is <see cref="ComplexityEstimator.DefaultUpgradeKeywords"/>.</value>
    public List<string> UpgradeKeywords { get; } = [];

    /// <summary>Gets the words or phrases that move a <c>complexity</c> policy one tier down (they replace the defaults).</summary>
    /// <value>The default is <see cref="ComplexityEstimator.DefaultDowngradeKeywords"/>.</value>
    public List<string> DowngradeKeywords { get; } = [];

    /// <summary>Gets or sets the lowest tier (1-based) a <c>complexity</c> policy chooses when the request offers tools.</summary>
    /// <value>The default is 2 (1 lets tools count only towards the score).</value>
    public int? MinTierWithTools { get; set; }
}
