using Switchboard.Nlu.Text;

namespace Switchboard.Nlu.Tests;

public sealed class TokenizerTests
{
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
