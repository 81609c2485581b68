using Switchboard.Nlu.Text;

namespace Switchboard.Nlu.Tests;

public sealed class TokenizerTests
{
    [Fact]
    public void Normalize_ANoncharacterTheNormaliserRefuses_IsRepairedNotAnError()
    {
        // ICU refuses U+FFFE, which can arrive in valid JSON; it becomes U+FFFD, one for one, so offsets still hold.
        Assert.Equal("where is my order\uFFFD", TextNormalizer.Normalize("where is my order\uFFFE"));
        Assert.Equal("ＯＲＤＥＲ\uFFFD".Normalize(System.Text.NormalizationForm.FormKC), TextNormalizer.FoldCompatibility("ＯＲＤＥＲ\uFFFE"));
    }

    [Theory]
    [InlineData("x\ud800y")]
    [InlineData("ＯＲＤＥＲ\uFFFF 1")]
    [InlineData("a\U0001FFFEb")]
    [InlineData("\uFDD0\uFFFE\ud800")]
    public void Normalize_OtherOddText_IsNoError(string text)
    {
        Assert.NotNull(TextNormalizer.Normalize(text));
        Assert.NotNull(TextNormalizer.FoldCompatibility(text));
    }

    [Fact]
    public void Normalize_FoldsWidthCaseAndSpaces()
    {
        Assert.Equal("order abc123 please", TextNormalizer.Normalize("  ＯＲＤＥＲ\tＡＢＣ１２３ \n Please "));
    }

    [Fact]
    public void Tokenize_English_KeepsInnerApostrophesAndDropsPunctuation()
    {
        var tokens = Tokenizer.Tokenize(TextNormalizer.Normalize("I don't have my card, can you help?!"));

        Assert.Equal(["i", "don't", "have", "my", "card", "can", "you", "help"], tokens.Select(t => t.Text));
        Assert.All(tokens, t => Assert.Equal(TokenKind.Word, t.Kind));
    }

    [Fact]
    public void Tokenize_Chinese_YieldsOneTokenPerCharacter()
    {
        var tokens = Tokenizer.Tokenize(TextNormalizer.Normalize("我的订单在哪里？"));

        Assert.Equal(["我", "的", "订", "单", "在", "哪", "里"], tokens.Select(t => t.Text));
        Assert.All(tokens, t => Assert.Equal(TokenKind.Cjk, t.Kind));
    }

    [Fact]
    public void Tokenize_Mixed_SplitsScriptsAndKeepsOffsets()
    {
        var normalized = TextNormalizer.Normalize("订单ORD-12345还没到, refund请");
        var tokens = Tokenizer.Tokenize(normalized);

        Assert.Equal(["订", "单", "ord", "12345", "还", "没", "到", "refund", "请"], tokens.Select(t => t.Text));
        Assert.All(tokens, t => Assert.Equal(t.Text, normalized.Substring(t.Start, t.Text.Length)));
        Assert.Equal(TokenKind.Word, tokens[2].Kind);
    }

    [Fact]
    public void Tokenize_EmptyAndPunctuationOnly_YieldNothing()
    {
        Assert.Empty(Tokenizer.Tokenize(""));
        Assert.Empty(Tokenizer.Tokenize("?!... ，。"));
    }
}
