using Microsoft.Extensions.AI;
using Switchboard.Abstractions.Chat;
using Switchboard.Gateway.Policies;

namespace Switchboard.Gateway.Tests.Policies;

public sealed class ComplexityRoutingPolicyTests
{
    private static readonly string[] NoKeywords = [];

    private readonly ComplexityRoutingPolicy _policy = new("auto", ["fast", "smart", "reasoning"], [0.35, 0.7], new ComplexityEstimator());

    [Theory]
    [InlineData(0.0, 0)]
    [InlineData(0.3499, 0)]
    [InlineData(0.35, 1)]
    [InlineData(0.69, 1)]
    [InlineData(0.7, 2)]
    [InlineData(1.0, 2)]
    public void Score_PicksTheTierOfTheThresholdsItReaches(double score, int tier)
    {
        Assert.Equal(tier, _policy.Tier(Estimate(score)));
    }

    [Fact]
    public void UpgradeKeyword_MovesOneTierUp_AndDowngradeOneDown()
    {
        Assert.Equal(2, _policy.Tier(Estimate(0.5, up: ["compare", "analyze"]))); // one tier, however many keywords
        Assert.Equal(0, _policy.Tier(Estimate(0.5, down: ["quick"])));
        Assert.Equal(1, _policy.Tier(Estimate(0.5, up: ["compare"], down: ["quick"]))); // both: no move
    }

    [Fact]
    public void Moves_AreClampedToTheTiers()
    {
        Assert.Equal(2, _policy.Tier(Estimate(0.9, up: ["compare"])));
        Assert.Equal(0, _policy.Tier(Estimate(0.1, down: ["quick"])));
    }

    [Fact]
    public void Tools_RaiseTheStartingTier_AndHoldTheFloorAgainstDowngrades()
    {
        Assert.Equal(1, _policy.Tier(Estimate(0.1, tools: true)));
        Assert.Equal(2, _policy.Tier(Estimate(0.1, tools: true, up: ["compare"])));
        Assert.Equal(1, _policy.Tier(Estimate(0.1, tools: true, down: ["quick"])));
    }

    [Fact]
    public void MinTierWithToolsOfOne_LetsToolsCountOnlyTowardsTheScore()
    {
        var policy = new ComplexityRoutingPolicy("auto", ["fast", "smart", "reasoning"], [0.35, 0.7], new ComplexityEstimator(), minTierWithTools: 1);

        Assert.Equal(0, policy.Tier(Estimate(0.1, tools: true)));
    }

    [Fact]
    public void DefaultThresholds_SplitTheRangeEvenly()
    {
        Assert.Equal([0.5], ComplexityRoutingPolicy.DefaultThresholds(2));
        Assert.Equal([0.333, 0.667], ComplexityRoutingPolicy.DefaultThresholds(3));
    }

    [Fact]
    public void Decide_ShortGreeting_GoesToTheFirstTier()
    {
        var decision = _policy.Decide([new ChatMessage(ChatRole.User, "Hello!")], null);

        Assert.Equal("fast", decision.Target);
        Assert.Equal("complexity 0.00 -> fast", decision.Reason);
    }

    [Fact]
    public void Decide_AnalysisWithTools_GoesToTheTopTierAndSaysWhy()
    {
        var options = new ChatOptions { Tools = [new ToolDeclaration("search", null, null)] };

        var decision = _policy.Decide([new ChatMessage(ChatRole.User, "Compare our two suppliers and analyze the delays step by step.")], options);

        Assert.Equal("reasoning", decision.Target);
        Assert.Matches(@"^complexity 0\.\d\d \(up: analyze, compare, step by step; tools\) -> reasoning$", decision.Reason);
    }

    [Fact]
    public void Decide_UsesTheLastUserMessageForKeywords()
    {
        var decision = _policy.Decide(
            [new ChatMessage(ChatRole.User, "Analyze this in depth"), new ChatMessage(ChatRole.Assistant, "Done."), new ChatMessage(ChatRole.User, "thanks, briefly: ok?")],
            null);

        Assert.Equal("fast", decision.Target);
        Assert.Contains("down: briefly", decision.Reason, StringComparison.Ordinal);
    }

    private static ComplexityEstimate Estimate(double score, bool tools = false, string[]? up = null, string[]? down = null) =>
        new(score, 0, 0, 0, 0, false, tools, up ?? NoKeywords, down ?? NoKeywords);
}
