using System.Globalization;
using Microsoft.Extensions.AI;

namespace Switchboard.Gateway.Policies;

/// <summary>
/// Chooses by how demanding a request looks. <see cref="ComplexityEstimator"/> scores it from 0 to 1; the score picks
/// a tier (the number of <see cref="Thresholds"/> it reaches). Then the rules apply, in order: with tools the tier is
/// at least <see cref="MinTierWithTools"/>; an upgrade keyword moves it one up, a downgrade keyword one down (both:
/// no move); with tools it stays at least <see cref="MinTierWithTools"/>; it is clamped to the tiers.
/// </summary>
public sealed class ComplexityRoutingPolicy : RoutingPolicy
{
    private const int MaxKeywordsInReason = 3;

    /// <summary>Initializes a new instance of the <see cref="ComplexityRoutingPolicy"/> class.</summary>
    /// <param name="name">The policy's name.</param>
    /// <param name="tiers">The targets, cheapest first (at least two).</param>
    /// <param name="thresholds">The scores at which the next tier starts: one fewer than the tiers, increasing.</param>
    /// <param name="estimator">Scores requests and finds keywords.</param>
    /// <param name="minTierWithTools">The lowest tier (1-based) when the request offers tools.</param>
    public ComplexityRoutingPolicy(string name, IReadOnlyList<string> tiers, IReadOnlyList<double> thresholds, ComplexityEstimator estimator, int minTierWithTools = RoutingPolicyOptions.DefaultMinTierWithTools)
        : base(name)
    {
        ArgumentNullException.ThrowIfNull(tiers);
        ArgumentNullException.ThrowIfNull(thresholds);
        ArgumentNullException.ThrowIfNull(estimator);
        if (tiers.Count < 2 || thresholds.Count != tiers.Count - 1)
        {
            throw new ArgumentException("Give at least two tiers and one threshold fewer than tiers.", nameof(thresholds));
        }

        Tiers = tiers;
        Thresholds = thresholds;
        Estimator = estimator;
        MinTierWithTools = Math.Clamp(minTierWithTools, 1, tiers.Count);
        Targets = tiers.Distinct(StringComparer.OrdinalIgnoreCase).ToList();
    }

    /// <inheritdoc />
    public override string Kind => "complexity";

    /// <inheritdoc />
    public override IReadOnlyList<string> Targets { get; }

    /// <summary>Gets the targets, cheapest first.</summary>
    public IReadOnlyList<string> Tiers { get; }

    /// <summary>Gets the scores at which each next tier starts.</summary>
    public IReadOnlyList<double> Thresholds { get; }

    /// <summary>Gets the estimator.</summary>
    public ComplexityEstimator Estimator { get; }

    /// <summary>Gets the lowest tier (1-based) when the request offers tools.</summary>
    public int MinTierWithTools { get; }

    /// <summary>Returns the default thresholds for a number of tiers: (0, 1) split evenly.</summary>
    public static IReadOnlyList<double> DefaultThresholds(int tiers) =>
        [.. Enumerable.Range(1, Math.Max(0, tiers - 1)).Select(k => Math.Round((double)k / tiers, 3))];

    /// <inheritdoc />
    public override RoutingDecision Decide(IReadOnlyList<ChatMessage> messages, ChatOptions? options)
    {
        var estimate = Estimator.Estimate(messages, options);
        var tier = Tier(estimate);
        var details = new List<string>(3);
        if (estimate.UpgradeKeywords.Count > 0)
        {
            details.Add("up: " + string.Join(", ", estimate.UpgradeKeywords.Take(MaxKeywordsInReason)));
        }

        if (estimate.DowngradeKeywords.Count > 0)
        {
            details.Add("down: " + string.Join(", ", estimate.DowngradeKeywords.Take(MaxKeywordsInReason)));
        }

        if (estimate.HasTools)
        {
            details.Add("tools");
        }

        var target = Tiers[tier];
        var score = estimate.Score.ToString("0.00", CultureInfo.InvariantCulture);
        var why = details.Count == 0 ? string.Empty : $" ({string.Join("; ", details)})";
        return new RoutingDecision(target, $"complexity {score}{why} -> {target}");
    }

    /// <summary>Returns the tier (0-based) an estimate leads to, rules applied.</summary>
    public int Tier(ComplexityEstimate estimate)
    {
        ArgumentNullException.ThrowIfNull(estimate);
        var tier = 0;
        while (tier < Thresholds.Count && estimate.Score >= Thresholds[tier])
        {
            tier++;
        }

        var floor = estimate.HasTools ? MinTierWithTools - 1 : 0;
        tier = Math.Max(tier, floor);
        var up = estimate.UpgradeKeywords.Count > 0;
        var down = estimate.DowngradeKeywords.Count > 0;
        if (up != down)
        {
            tier += up ? 1 : -1;
        }

        return Math.Clamp(Math.Max(tier, floor), 0, Tiers.Count - 1);
    }
}
