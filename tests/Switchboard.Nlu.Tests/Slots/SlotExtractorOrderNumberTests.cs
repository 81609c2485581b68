using Switchboard.Nlu.Slots;

namespace Switchboard.Nlu.Tests.Slots;

public sealed class SlotExtractorOrderNumberTests
{
    [Theory]
    [InlineData("Where is ORD-12345?", "ORD-12345", "ORD-12345")]
    [InlineData("my order ord-12345 is late", "ord-12345", "ORD-12345")]
    [InlineData("Please check order 987654 for me", "987654", "987654")]
    [InlineData("order number: a1b2c3d4", "a1b2c3d4", "A1B2C3D4")]
    [InlineData("tracking number is 1Z999AA10123456784", "1Z999AA10123456784", "1Z999AA10123456784")]
    [InlineData("ticket #A7731 still open", "#A7731", "A7731")]
    [InlineData("It's #123456, thanks", "#123456", "123456")]
    [InlineData("订单号 202311210001 还没发货", "202311210001", "202311210001")]
    [InlineData("我的单号是SF1234567890", "SF1234567890", "SF1234567890")]
    [InlineData("工单：TK-2024-0042", "TK-2024-0042", "TK-2024-0042")]
    public void Extract_OrderId_ReturnsUpperCasedIdAndItsOffsets(string text, string expectedText, string expectedValue)
    {
        var slot = SlotExpectations.Single(text, SlotTypes.OrderNumber);

        Assert.Equal(expectedText, slot.Text);
        Assert.Equal(text.IndexOf(expectedText, StringComparison.Ordinal), slot.Start);
        Assert.Equal(expectedValue, slot.Value);
    }

    [Fact]
    public void Extract_FullWidthOrderId_OffsetsPointIntoOriginalText()
    {
        const string text = "您好，订单号：ＯＲＤ－２０２４０１２３，谢谢";

        var slot = SlotExpectations.Single(text, SlotTypes.OrderNumber);

        Assert.Equal("ＯＲＤ－２０２４０１２３", slot.Text);
        Assert.Equal(7, slot.Start);
        Assert.Equal(12, slot.Length);
        Assert.Equal("ORD-20240123", slot.Value);
    }

    [Theory]
    [InlineData("I bought 3 items for my order")]
    [InlineData("order status please")]
    [InlineData("The number 123456 means nothing here")]
    [InlineData("订单在哪里")]
    [InlineData("see &#1234; entity")]
    public void Extract_NoIdShape_FindsNoOrderNumber(string text)
    {
        Assert.DoesNotContain(SlotExpectations.Extract(text), slot => slot.Type == SlotTypes.OrderNumber);
    }
}
