using System.Globalization;
using System.Text.RegularExpressions;
using Switchboard.Abstractions.Catalog;
using Switchboard.Gateway.Catalog;

namespace Switchboard.Gateway.Policies;

/// <summary>Validates the routing policies' configuration (<c>Switchboard:Policies</c>) and builds <see cref="RoutingPolicyCatalog"/>.</summary>
public static partial class RoutingPolicyBuilder
{
    /// <summary>The configuration section of the policies.</summary>
    public const string Section = "Switchboard:Policies";

    /// <summary>Validates the policies against the model catalog and builds them.</summary>
    /// <param name="options">The bound policies, by name.</param>
    /// <param name="models">The validated model catalog; targets must be its routes or models.</param>
    /// <param name="sectionPath">The configuration path of the policies, used in error messages.</param>
    /// <exception cref="CatalogValidationException">Any field is invalid; the message names each one.</exception>
    public static RoutingPolicyCatalog Build(IReadOnlyDictionary<string, RoutingPolicyOptions> options, IModelCatalog models, string sectionPath = Section)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(models);
        var errors = new List<string>();
        var policies = new List<RoutingPolicy>();
        foreach (var (name, policy) in options)
        {
            var path = $"{sectionPath}:{name}";
            var errorCount = errors.Count;
            CheckName(name, path, models, errors);
            var context = new Context(options, models, errors);
            RoutingPolicy? built = (string.IsNullOrWhiteSpace(policy.Kind) ? null : policy.Kind.Trim().ToLowerInvariant()) switch
            {
                "intent" => BuildIntent(name.ToLowerInvariant(), policy, path, context),
                "complexity" => BuildComplexity(name.ToLowerInvariant(), policy, path, context),
                null => Invalid(errors, $"{path}:Kind: is required (intent or complexity)."),
                var other => Invalid(errors, $"{path}:Kind: '{other}' is not one of intent, complexity."),
            };
            if (built is not null && errors.Count == errorCount)
            {
                policies.Add(built);
            }
        }

        if (errors.Count > 0)
        {
            throw new CatalogValidationException(errors);
        }

        return new RoutingPolicyCatalog(models, policies);
    }

    private static void CheckName(string name, string path, IModelCatalog models, List<string> errors)
    {
        if (!NamePattern().IsMatch(name))
        {
            errors.Add($"{path}: policy names use lower-case letters, digits, '.', '-' and '_' (no ':' or '/'), like route names.");
        }

        if (models.Routes.Any(r => string.Equals(r.Name, name, StringComparison.OrdinalIgnoreCase)))
        {
            errors.Add($"{path}: '{name}' is also a route (Switchboard:Routes:{name}); a policy needs a name of its own.");
        }

        var model = models.Models.FirstOrDefault(m => string.Equals(m.Model.Id, name, StringComparison.OrdinalIgnoreCase));
        if (model is not null)
        {
            errors.Add($"{path}: '{name}' is also a model ({model.CanonicalName}); a policy needs a name of its own.");
        }
    }

    private static IntentRoutingPolicy? BuildIntent(string name, RoutingPolicyOptions policy, string path, Context context)
    {
        var errors = context.Errors;
        OnlyFor(errors, "complexity", policy.Tiers.Count > 0, $"{path}:Tiers");
        OnlyFor(errors, "complexity", policy.Thresholds.Count > 0, $"{path}:Thresholds");
        OnlyFor(errors, "complexity", policy.UpgradeKeywords.Count > 0, $"{path}:UpgradeKeywords");
        OnlyFor(errors, "complexity", policy.DowngradeKeywords.Count > 0, $"{path}:DowngradeKeywords");
        OnlyFor(errors, "complexity", policy.MinTierWithTools is not null, $"{path}:MinTierWithTools");

        if (policy.Intents.Count == 0)
        {
            errors.Add($"{path}:Intents: list at least one label, each with Examples and a Target.");
        }

        var intents = new List<IntentRoute>();
        foreach (var (label, intent) in policy.Intents)
        {
            var labelPath = $"{path}:Intents:{label}";
            if (label.StartsWith("__", StringComparison.Ordinal))
            {
                errors.Add($"{labelPath}: labels starting with '__' are reserved.");
            }

            if (intent.Examples.Count == 0)
            {
                errors.Add($"{labelPath}:Examples: list at least one example utterance.");
            }

            for (var i = 0; i < intent.Examples.Count; i++)
            {
                if (string.IsNullOrWhiteSpace(intent.Examples[i]))
                {
                    errors.Add($"{labelPath}:Examples:{Index(i)}: is blank.");
                }
            }

            if (context.Target(intent.Target, $"{labelPath}:Target") is { } target)
            {
                intents.Add(new IntentRoute(label, [.. intent.Examples], target));
            }
        }

        var fallback = context.Target(policy.Default, $"{path}:Default");
        var minConfidence = policy.MinConfidence ?? RoutingPolicyOptions.DefaultMinConfidence;
        if (!(minConfidence is >= 0 and <= 1))
        {
            errors.Add($"{path}:MinConfidence: must be between 0 and 1.");
        }

        return fallback is null || intents.Count == 0 ? null : new IntentRoutingPolicy(name, intents, fallback, minConfidence);
    }

    private static ComplexityRoutingPolicy? BuildComplexity(string name, RoutingPolicyOptions policy, string path, Context context)
    {
        var errors = context.Errors;
        OnlyFor(errors, "intent", policy.Intents.Count > 0, $"{path}:Intents");
        OnlyFor(errors, "intent", policy.Default is not null, $"{path}:Default");
        OnlyFor(errors, "intent", policy.MinConfidence is not null, $"{path}:MinConfidence");

        if (policy.Tiers.Count < 2)
        {
            errors.Add($"{path}:Tiers: list at least two targets (routes or models), cheapest first.");
        }

        var tiers = new List<string>();
        for (var i = 0; i < policy.Tiers.Count; i++)
        {
            if (context.Target(policy.Tiers[i], $"{path}:Tiers:{Index(i)}") is { } tier)
            {
                tiers.Add(tier);
            }
        }

        var thresholds = policy.Thresholds.Count > 0 ? policy.Thresholds : ComplexityRoutingPolicy.DefaultThresholds(policy.Tiers.Count);
        if (policy.Thresholds.Count > 0 && policy.Thresholds.Count != policy.Tiers.Count - 1)
        {
            errors.Add($"{path}:Thresholds: give one fewer than Tiers ({Index(Math.Max(0, policy.Tiers.Count - 1))}), or none for the default.");
        }

        for (var i = 0; i < policy.Thresholds.Count; i++)
        {
            var threshold = policy.Thresholds[i];
            if (!(threshold is > 0 and < 1))
            {
                errors.Add($"{path}:Thresholds:{Index(i)}: must be between 0 and 1 (both excluded).");
            }
            else if (i > 0 && !(threshold > policy.Thresholds[i - 1]))
            {
                errors.Add($"{path}:Thresholds:{Index(i)}: must be greater than the threshold before it.");
            }
        }

        CheckKeywords(policy.UpgradeKeywords, $"{path}:UpgradeKeywords", errors);
        CheckKeywords(policy.DowngradeKeywords, $"{path}:DowngradeKeywords", errors);
        var minTier = policy.MinTierWithTools ?? RoutingPolicyOptions.DefaultMinTierWithTools;
        if (policy.Tiers.Count >= 2 && (minTier < 1 || minTier > policy.Tiers.Count))
        {
            errors.Add($"{path}:MinTierWithTools: must be between 1 and {Index(policy.Tiers.Count)} (the number of tiers).");
        }

        if (tiers.Count < 2 || tiers.Count != policy.Tiers.Count || thresholds.Count != tiers.Count - 1)
        {
            return null;
        }

        var estimator = new ComplexityEstimator(policy.UpgradeKeywords, policy.DowngradeKeywords);
        return new ComplexityRoutingPolicy(name, tiers, [.. thresholds], estimator, minTier);
    }

    private static void CheckKeywords(List<string> keywords, string path, List<string> errors)
    {
        for (var i = 0; i < keywords.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(keywords[i]) || ComplexityEstimator.KeywordTokens(keywords[i]).Length == 0)
            {
                errors.Add($"{path}:{Index(i)}: '{keywords[i]}' has no letters, digits or CJK characters.");
            }
        }
    }

    private static void OnlyFor(List<string> errors, string kind, bool isSet, string path)
    {
        if (isSet)
        {
            errors.Add($"{path}: only kind {kind} uses it; remove it or change Kind.");
        }
    }

    private static RoutingPolicy? Invalid(List<string> errors, string error)
    {
        errors.Add(error);
        return null;
    }

    private static string Index(int i) => i.ToString(CultureInfo.InvariantCulture);

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]*\\z")]
    private static partial Regex NamePattern();

    /// <summary>What target validation needs: the other policies, the catalog, and where errors go.</summary>
    private sealed record Context(IReadOnlyDictionary<string, RoutingPolicyOptions> Policies, IModelCatalog Models, List<string> Errors)
    {
        /// <summary>Resolves a target to a route name or canonical model name, or records why it cannot.</summary>
        public string? Target(string? value, string path)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                Errors.Add($"{path}: is required (a route or model name).");
                return null;
            }

            // A policy whose name is also a route or model is reported on its own; here the route or model counts.
            if (Models.TryGetRoute(value, out var route, out var reason))
            {
                return route.Name;
            }

            if (Policies.Keys.Any(k => string.Equals(k, value, StringComparison.OrdinalIgnoreCase)))
            {
                Errors.Add($"{path}: '{value}' is a policy; a policy's targets are routes or models.");
                return null;
            }

            Errors.Add($"{path}: '{value}' is neither a route nor a model. {reason}");
            return null;
        }
    }
}
