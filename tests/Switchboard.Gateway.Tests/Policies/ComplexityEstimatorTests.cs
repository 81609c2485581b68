using Microsoft.Extensions.AI;
using Switchboard.Gateway.Policies;

namespace Switchboard.Gateway.Tests.Policies;

public sealed class ComplexityEstimatorTests
{
    private readonly ComplexityEstimator _estimator = new();

    [Fact]
    public void ShortGreeting_ScoresNearZero()
    {
        var estimate = _estimator.Estimate([User("Hi there!")], null);

        Assert.Equal(2, estimate.MessageTokens);
        Assert.True(estimate.Score < 0.01, $"score {estimate.Score}");
        Assert.Empty(estimate.UpgradeKeywords);
        Assert.Empty(estimate.DowngradeKeywords);
        Assert.False(estimate.HasTools);
    }

    [Fact]
    public void Tokens_CountWordsAndEachCjkCharacter()
    {
        var estimate = _estimator.Estimate([new ChatMessage(ChatRole.System, "You are helpful."), User("我的订单 ORD-1001 在哪")], null);

        Assert.Equal(8, estimate.MessageTokens); // 我 的 订 单 ORD 1001 在 哪
        Assert.Equal(11, estimate.ConversationTokens);
    }

    [Fact]
    public void Length_FillsAtLongMessageTokens()
    {
        var half = _estimator.Estimate([User(Words(ComplexityEstimator.LongMessageTokens / 2))], null);
        var full = _estimator.Estimate([User(Words(ComplexityEstimator.LongMessageTokens * 3))], null);

        Assert.Equal(ComplexityEstimator.LengthWeight / 2, half.Score - Conversation(half), 3);
        Assert.Equal(ComplexityEstimator.LengthWeight, full.Score - Conversation(full), 3);
    }

    [Fact]
    public void Structure_CountsQuestionsAfterTheFirst_ListItemsAndCode()
    {
        var text = "Which plan fits?? And what does it cost? Is there a discount?\n1. team of 5\n2) yearly\n- invoices\n• 一、中文\n```\ncode\n```";

        var estimate = _estimator.Estimate([User(text)], null);

        Assert.Equal(3, estimate.Questions); // "??" counts once
        Assert.Equal(4, estimate.ListItems);
        Assert.True(estimate.HasCode);
        var structure = Math.Min(1, (0.25 * 2) + (0.15 * 4) + 0.5);
        Assert.Equal(ComplexityEstimator.StructureWeight * structure, estimate.Score - Length(estimate) - Conversation(estimate), 6);
    }

    [Fact]
    public void NumbersInsideText_AreNotListItems()
    {
        var estimate = _estimator.Estimate([User("1.5 kg of rice\nroom 12")], null);

        Assert.Equal(0, estimate.ListItems);
        Assert.False(estimate.HasCode);
    }

    [Fact]
    public void Tools_AddTheirWeight()
    {
        var without = _estimator.Estimate([User("hello")], new ChatOptions());
        var with = _estimator.Estimate([User("hello")], new ChatOptions { Tools = [new Switchboard.Abstractions.Chat.ToolDeclaration("one", null, null)] });

        Assert.True(with.HasTools);
        Assert.Equal(ComplexityEstimator.ToolsWeight, with.Score - without.Score, 6);
    }

    [Theory]
    [InlineData("Please compare these two plans", "compare")]
    [InlineData("Walk me through it STEP-BY-STEP", "step by step")]
    [InlineData("请帮我分析一下这个报表", "分析")]
    [InlineData("What are the pros and cons?", "pros and cons")]
    public void UpgradeKeywords_MatchWholeWordsIgnoringCaseAndPunctuation(string text, string keyword)
    {
        var estimate = _estimator.Estimate([User(text)], null);

        Assert.Contains(keyword, estimate.UpgradeKeywords);
    }

    [Theory]
    [InlineData("The designer called")] // "design" is not a whole word here
    [InlineData("My order was compared to yours")]
    public void UpgradeKeywords_DoNotMatchInsideOtherWords(string text)
    {
        Assert.Empty(_estimator.Estimate([User(text)], null).UpgradeKeywords);
    }

    [Fact]
    public void DowngradeKeywords_AreFoundInTheLastUserMessageOnly()
    {
        var estimate = _estimator.Estimate([User("Quick question"), new ChatMessage(ChatRole.Assistant, "Sure, briefly?"), User("简单说一下，yes or no")], null);

        Assert.Equal(["yes or no", "简单"], estimate.DowngradeKeywords);
    }

    [Fact]
    public void ConfiguredKeywords_ReplaceTheDefaults()
    {
        var estimator = new ComplexityEstimator(["troubleshoot"], ["asap"]);

        var estimate = estimator.Estimate([User("Compare and troubleshoot this ASAP")], null);

        Assert.Equal(["troubleshoot"], estimate.UpgradeKeywords);
        Assert.Equal(["asap"], estimate.DowngradeKeywords);
    }

    private static ChatMessage User(string text) => new(ChatRole.User, text);

    private static string Words(int count) => string.Join(' ', Enumerable.Repeat("word", count));

    private static double Length(ComplexityEstimate e) => ComplexityEstimator.LengthWeight * Math.Min(1, (double)e.MessageTokens / ComplexityEstimator.LongMessageTokens);

    private static double Conversation(ComplexityEstimate e) => ComplexityEstimator.ConversationWeight * Math.Min(1, (double)e.ConversationTokens / ComplexityEstimator.LongConversationTokens);
}
