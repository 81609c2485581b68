using Switchboard.Gateway.Catalog;
using Switchboard.Gateway.Policies;

namespace Switchboard.Gateway.Tests.Policies;

public sealed class RoutingPolicyValidationTests
{
    [Fact]
    public void ValidPolicies_AreBuiltWithCanonicalTargets()
    {
        var intent = PolicyFixtures.Intent(defaultTarget: "P/Cheap");

        var catalog = PolicyFixtures.Build(("support", intent), ("auto", PolicyFixtures.Complexity()));

        var support = Assert.IsType<IntentRoutingPolicy>(catalog.Policies[0]);
        Assert.Equal("p:cheap", support.Default);
        Assert.Equal(["smart", "p:cheap"], support.Targets);
        var auto = Assert.IsType<ComplexityRoutingPolicy>(catalog.Policies[1]);
        Assert.Equal([0.333, 0.667], auto.Thresholds);
        Assert.Equal(2, auto.MinTierWithTools);
        Assert.Same(ComplexityEstimator.DefaultUpgradeKeywords, auto.Estimator.UpgradeKeywords);
        Assert.True(catalog.TryResolveName("AUTO", out var resolved, out _));
        Assert.Equal("auto", resolved);
        Assert.True(catalog.TryResolveName("p/mid", out resolved, out _));
        Assert.Equal("p:mid", resolved);
        Assert.False(catalog.TryResolveName("nothing", out _, out var reason));
        Assert.Contains("does not exist", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void KindMissingOrUnknown_NamesTheField()
    {
        var errors = Errors(("a", new RoutingPolicyOptions()), ("b", new RoutingPolicyOptions { Kind = "random" }));

        Assert.Equal(
            [
                "Switchboard:Policies:a:Kind: is required (intent or complexity).",
                "Switchboard:Policies:b:Kind: 'random' is not one of intent, complexity.",
            ],
            errors);
    }

    [Fact]
    public void NameCollidingWithARouteOrAModel_OrBadlyFormed_IsRefused()
    {
        var errors = Errors(("smart", PolicyFixtures.Complexity()), ("cheap", PolicyFixtures.Complexity()), ("My Policy", PolicyFixtures.Complexity()));

        Assert.Equal(
            [
                "Switchboard:Policies:smart: 'smart' is also a route (Switchboard:Routes:smart); a policy needs a name of its own.",
                "Switchboard:Policies:cheap: 'cheap' is also a model (p:cheap); a policy needs a name of its own.",
                "Switchboard:Policies:My Policy: policy names use lower-case letters, digits, '.', '-' and '_' (no ':' or '/'), like route names.",
            ],
            errors);
    }

    [Fact]
    public void IntentPolicy_ChecksLabelsExamplesTargetsDefaultAndConfidence()
    {
        var policy = new RoutingPolicyOptions { Kind = "intent", MinConfidence = 1.5 };
        policy.Intents["refund"] = PolicyFixtures.Label("premium-route");
        policy.Intents["faq"] = PolicyFixtures.Label("other", "what are your hours", " ");
        policy.Intents["__none__"] = PolicyFixtures.Label("fast", "x");
        policy.Tiers.Add("fast");

        var errors = Errors(("support", policy), ("other", PolicyFixtures.Complexity()));

        Assert.Equal(
            [
                "Switchboard:Policies:support:Tiers: only kind complexity uses it; remove it or change Kind.",
                "Switchboard:Policies:support:Intents:refund:Examples: list at least one example utterance.",
                "Switchboard:Policies:support:Intents:refund:Target: 'premium-route' is neither a route nor a model. The model 'premium-route' does not exist. Use 'provider:model'; GET /v1/models lists them.",
                "Switchboard:Policies:support:Intents:faq:Examples:1: is blank.",
                "Switchboard:Policies:support:Intents:faq:Target: 'other' is a policy; a policy's targets are routes or models.",
                "Switchboard:Policies:support:Intents:__none__: labels starting with '__' are reserved.",
                "Switchboard:Policies:support:Default: is required (a route or model name).",
                "Switchboard:Policies:support:MinConfidence: must be between 0 and 1.",
            ],
            errors);
    }

    [Fact]
    public void IntentPolicy_WithoutLabels_IsRefused()
    {
        var errors = Errors(("support", new RoutingPolicyOptions { Kind = "intent", Default = "fast" }));

        Assert.Equal(["Switchboard:Policies:support:Intents: list at least one label, each with Examples and a Target."], errors);
    }

    [Fact]
    public void ComplexityPolicy_ChecksTiersThresholdsKeywordsAndToolsFloor()
    {
        var policy = new RoutingPolicyOptions { Kind = "complexity", Default = "fast", MinTierWithTools = 4 };
        policy.Tiers.AddRange(["fast", "huge", "reasoning"]);
        policy.Thresholds.AddRange([0.6, 0.4, 1.0]);
        policy.UpgradeKeywords.AddRange(["analyze", "?!"]);
        policy.DowngradeKeywords.Add(" ");

        var errors = Errors(("auto", policy));

        Assert.Equal(
            [
                "Switchboard:Policies:auto:Default: only kind intent uses it; remove it or change Kind.",
                "Switchboard:Policies:auto:Tiers:1: 'huge' is neither a route nor a model. The model 'huge' does not exist. Use 'provider:model'; GET /v1/models lists them.",
                "Switchboard:Policies:auto:Thresholds: give one fewer than Tiers (2), or none for the default.",
                "Switchboard:Policies:auto:Thresholds:1: must be greater than the threshold before it.",
                "Switchboard:Policies:auto:Thresholds:2: must be between 0 and 1 (both excluded).",
                "Switchboard:Policies:auto:UpgradeKeywords:1: '?!' has no letters, digits or CJK characters.",
                "Switchboard:Policies:auto:DowngradeKeywords:0: ' ' has no letters, digits or CJK characters.",
                "Switchboard:Policies:auto:MinTierWithTools: must be between 1 and 3 (the number of tiers).",
            ],
            errors);
    }

    [Fact]
    public void ComplexityPolicy_WithOneTier_IsRefused()
    {
        var policy = new RoutingPolicyOptions { Kind = "complexity" };
        policy.Tiers.Add("fast");

        Assert.Equal(["Switchboard:Policies:auto:Tiers: list at least two targets (routes or models), cheapest first."], Errors(("auto", policy)));
    }

    private static IReadOnlyList<string> Errors(params (string Name, RoutingPolicyOptions Options)[] policies) =>
        Assert.Throws<CatalogValidationException>(() => PolicyFixtures.Build(policies)).Errors;
}
