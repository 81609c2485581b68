using Switchboard.Nlu.Slots;

namespace Switchboard.Nlu.Tests.Slots;

public sealed class SlotExtractorMoneyTests
{
    [Theory]
    [InlineData("It cost $25 yesterday", "$25", "25 USD")]
    [InlineData("I paid 25 dollars", "25 dollars", "25 USD")]
    [InlineData("charged USD 1,299.99 twice", "USD 1,299.99", "1299.99 USD")]
    [InlineData("a refund of €30.50", "€30.50", "30.5 EUR")]
    [InlineData("only £12", "£12", "12 GBP")]
    [InlineData("售价¥199", "¥199", "199 CNY")]
    [InlineData("售价￥199", "￥199", "199 CNY")]
    [InlineData("运费199元", "199元", "199 CNY")]
    [InlineData("退我人民币 50 块", "人民币 50 块", "50 CNY")]
    [InlineData("预算3.5万元左右", "3.5万元", "35000 CNY")]
    [InlineData("about $2k total", "$2k", "2000 USD")]
    [InlineData("扣了30块钱", "30块钱", "30 CNY")]
    [InlineData("100 美元", "100 美元", "100 USD")]
    public void Extract_Money_ReturnsAmountAndIsoCurrency(string text, string expectedText, string expectedValue)
    {
        var slot = SlotExpectations.Single(text, SlotTypes.Money);

        Assert.Equal(expectedText, slot.Text);
        Assert.Equal(text.IndexOf(expectedText, StringComparison.Ordinal), slot.Start);
        Assert.Equal(expectedValue, slot.Value);
    }

    [Theory]
    [InlineData("$100,000,000,000,000,000,000,000,000k")]
    [InlineData("1,000,000,000,000,000,000,000亿元")]
    public void Extract_AnAmountBeyondDecimal_IsSkippedNotAnError(string text)
    {
        Assert.DoesNotContain(SlotExpectations.Extract(text), s => s.Type == SlotTypes.Money);
    }

    [Fact]
    public void Extract_FullWidthAmount_OffsetsPointIntoOriginalText()
    {
        const string text = "多收了＄１２．５０！";

        var slot = SlotExpectations.Single(text, SlotTypes.Money);

        Assert.Equal(3, slot.Start);
        Assert.Equal("＄１２．５０", slot.Text);
        Assert.Equal("12.5 USD", slot.Value);
    }

    [Theory]
    [InlineData("I bought 3 items")]
    [InlineData("room 1299")]
    [InlineData("3万人")]
    [InlineData("$1,2345")]
    public void Extract_NumberWithoutCurrency_FindsNoMoney(string text)
    {
        Assert.DoesNotContain(SlotExpectations.Extract(text), slot => slot.Type == SlotTypes.Money);
    }
}
