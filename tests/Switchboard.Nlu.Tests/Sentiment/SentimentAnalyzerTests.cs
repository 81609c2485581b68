using Switchboard.Nlu.Sentiment;

namespace Switchboard.Nlu.Tests.Sentiment;

public sealed class SentimentAnalyzerTests
{
    private static readonly SentimentAnalyzer Analyzer = new();

    [Fact]
    public void Analyze_ThousandsOfChainedIntensifiers_StayAFiniteScore()
    {
        var chinese = Analyzer.Analyze(string.Concat(Enumerable.Repeat("很", 3000)) + "好");
        var english = Analyzer.Analyze(string.Concat(Enumerable.Repeat("so ", 1100)) + "terrible");

        Assert.Equal(SentimentLabel.Positive, chinese.Label);
        Assert.InRange(chinese.Score, 0.5, 1);
        Assert.Equal(SentimentLabel.Negative, english.Label);
        Assert.InRange(english.Score, -1, -0.5);
    }

    [Fact]
    public void Analyze_ANoncharacter_IsNoError()
    {
        Assert.Equal(SentimentLabel.Negative, Analyzer.Analyze("This is TERRIBLE\uFFFE").Label);
    }

    [Theory]
    [InlineData("where is my order")]
    [InlineData("Can you check ORD-12345 for me?")]
    [InlineData("我的订单在哪里")]
    [InlineData("你好，我想问一下快递什么时候到")]
    [InlineData("不好意思，请问怎么修改地址")]
    [InlineData("")]
    public void Analyze_FactualQuestion_IsNeutral(string text)
    {
        var result = Analyzer.Analyze(text);

        Assert.Equal(SentimentLabel.Neutral, result.Label);
        Assert.Equal(0, result.Score);
    }

    [Theory]
    [InlineData("This service is terrible")]
    [InlineData("I'm angry, my refund never arrived")]
    [InlineData("the app keeps crashing and support is useless")]
    [InlineData("太差了")]
    [InlineData("垃圾")]
    [InlineData("我很失望，要投诉")]
    [InlineData("我很生气")]
    [InlineData("东西坏了，客服也没人理")]
    public void Analyze_Complaint_IsNegative(string text)
    {
        var result = Analyzer.Analyze(text);

        Assert.Equal(SentimentLabel.Negative, result.Label);
        Assert.InRange(result.Score, -1, -0.15);
    }

    [Theory]
    [InlineData("Thanks, great service!")]
    [InlineData("the agent was very helpful")]
    [InlineData("谢谢")]
    [InlineData("非常满意")]
    [InlineData("客服很好，解决了我的问题")]
    [InlineData("不错")]
    public void Analyze_Praise_IsPositive(string text)
    {
        var result = Analyzer.Analyze(text);

        Assert.Equal(SentimentLabel.Positive, result.Label);
        Assert.InRange(result.Score, 0.15, 1);
    }

    [Theory]
    [InlineData("not bad")]
    [InlineData("never had a problem")]
    [InlineData("别担心")]
    [InlineData("没有问题")]
    public void Analyze_NegatedNegativeWord_IsNotNegative(string text)
    {
        Assert.True(Analyzer.Analyze(text).Score > 0);
    }

    [Theory]
    [InlineData("not happy")]
    [InlineData("not good at all")]
    [InlineData("I am not really satisfied")]
    [InlineData("it isn’t helpful")] // typographic apostrophe
    [InlineData("不满意")]
    [InlineData("不太满意")]
    [InlineData("一点也不好")]
    [InlineData("没有帮助")]
    public void Analyze_NegatedPositiveWord_IsNegative(string text)
    {
        Assert.Equal(SentimentLabel.Negative, Analyzer.Analyze(text).Label);
    }

    [Theory]
    [InlineData("No, this is great")]
    [InlineData("不，很好")]
    public void Analyze_NegatorBeforePunctuation_DoesNotReachNextClause(string text)
    {
        Assert.Equal(SentimentLabel.Positive, Analyzer.Analyze(text).Label);
    }

    [Fact]
    public void Analyze_NegatorFarFromSentimentWord_DoesNotFlipIt()
    {
        Assert.Equal(SentimentLabel.Positive, Analyzer.Analyze("not sure why but the staff at the store were great").Label);
        Assert.Equal(SentimentLabel.Negative, Analyzer.Analyze("I did not expect the package to arrive so damaged").Label);
    }

    [Theory]
    [InlineData("good", "very good")]
    [InlineData("bad", "extremely bad")]
    [InlineData("disappointed", "so so disappointed")]
    [InlineData("满意", "非常满意")]
    [InlineData("差", "太差了")]
    [InlineData("失望", "特别失望")]
    [InlineData("好", "很好")]
    public void Analyze_Intensifier_RaisesMagnitude(string plain, string intensified)
    {
        var plainScore = Analyzer.Analyze(plain).Score;
        var intensifiedScore = Analyzer.Analyze(intensified).Score;

        Assert.Equal(Math.Sign(plainScore), Math.Sign(intensifiedScore));
        Assert.True(Math.Abs(intensifiedScore) > Math.Abs(plainScore), $"{intensifiedScore} vs {plainScore}");
    }

    [Theory]
    [InlineData("slow", "a bit slow")]
    [InlineData("disappointed", "slightly disappointed")]
    [InlineData("慢", "有点慢")]
    public void Analyze_Diminisher_LowersMagnitude(string plain, string diminished)
    {
        var plainScore = Analyzer.Analyze(plain).Score;
        var diminishedScore = Analyzer.Analyze(diminished).Score;

        Assert.True(diminishedScore < 0);
        Assert.True(Math.Abs(diminishedScore) < Math.Abs(plainScore), $"{diminishedScore} vs {plainScore}");
    }

    [Theory]
    [InlineData("this is terrible", "this is terrible!!!")]
    [InlineData("this is terrible", "this is TERRIBLE")]
    [InlineData("太差了", "太差了！！")]
    [InlineData("great job", "great job!")]
    public void Analyze_ExclamationOrCapitals_RaisesMagnitude(string calm, string loud)
    {
        Assert.True(Math.Abs(Analyzer.Analyze(loud).Score) > Math.Abs(Analyzer.Analyze(calm).Score));
    }

    [Fact]
    public void Analyze_ExclamationsWithoutSentiment_StayNeutral()
    {
        Assert.Equal(SentimentLabel.Neutral, Analyzer.Analyze("where is my order!!!").Label);
    }

    [Theory]
    [InlineData("the product is good but the delivery was terrible", SentimentLabel.Negative)]
    [InlineData("delivery was slow, but the staff were wonderful", SentimentLabel.Positive)]
    [InlineData("东西不错，但是物流太慢了", SentimentLabel.Negative)]
    [InlineData("the staff were wonderful but the delivery was slow", SentimentLabel.Negative)] // equal weights: the halving decides
    [InlineData("客服很好，但是物流慢", SentimentLabel.Negative)]
    public void Analyze_Contrast_LetsTheLaterClauseDecide(string text, SentimentLabel expected)
    {
        Assert.Equal(expected, Analyzer.Analyze(text).Label);
    }

    [Theory]
    [InlineData("the service 太差了, very disappointed", SentimentLabel.Negative)]
    [InlineData("thanks 谢谢, 你们 very helpful", SentimentLabel.Positive)]
    [InlineData("ORD-123 还没到, refund never arrived", SentimentLabel.Negative)]
    [InlineData("不happy", SentimentLabel.Negative)]
    public void Analyze_MixedLanguage_CombinesBothLexicons(string text, SentimentLabel expected)
    {
        Assert.Equal(expected, Analyzer.Analyze(text).Label);
    }

    [Fact]
    public void Analyze_PileUpOfStrongWords_StaysWithinUnitRange()
    {
        var result = Analyzer.Analyze(string.Concat(Enumerable.Repeat("EXTREMELY TERRIBLE 垃圾 太差了!!! ", 50)));

        Assert.InRange(result.Score, -1, -0.99);
    }

    [Fact]
    public void Analyze_WiderNeutralBand_TurnsWeakSentimentNeutral()
    {
        var weak = Analyzer.Analyze("ok");
        var strict = new SentimentAnalyzer { NeutralThreshold = 0.5 }.Analyze("ok");

        Assert.Equal(SentimentLabel.Positive, weak.Label);
        Assert.Equal(SentimentLabel.Neutral, strict.Label);
        Assert.Equal(weak.Score, strict.Score);
    }

    [Theory]
    [InlineData(-0.01)]
    [InlineData(1.0)]
    [InlineData(double.NaN)]
    public void NeutralThreshold_OutOfRange_Throws(double threshold)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new SentimentAnalyzer { NeutralThreshold = threshold });
    }

    [Fact]
    public void Analyze_NullText_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => Analyzer.Analyze(null!));
    }
}
