using Switchboard.Nlu.Slots;

namespace Switchboard.Nlu.Tests.Slots;

public sealed class SlotExtractorOverlapTests
{
    [Fact]
    public void Extract_ManyCandidates_KeepsEveryNonOverlappingOne()
    {
        // 20,000 order numbers: every one is kept, in order (the overlap check must not be quadratic to finish).
        var text = string.Join(' ', Enumerable.Repeat("#a1b2", 20_000));

        var slots = new SlotExtractor().Extract(text, new DateOnly(2024, 3, 13));

        Assert.Equal(20_000, slots.Count);
        Assert.Equal(slots.OrderBy(s => s.Start).Select(s => s.Start), slots.Select(s => s.Start));
    }

    [Fact]
    public void Extract_MixedMessage_ReturnsEachSlotSortedByStart()
    {
        const string text = "Ｈｉ！订单号ORD-55555，昨天付了¥199，联系13800138000或li@163.com";

        var slots = SlotExpectations.Extract(text);

        Assert.Equal(
            [SlotTypes.OrderNumber, SlotTypes.Date, SlotTypes.Money, SlotTypes.Phone, SlotTypes.Email],
            slots.Select(slot => slot.Type));
        Assert.Equal(["ORD-55555", "2024-03-12", "199 CNY", "+8613800138000", "li@163.com"], slots.Select(slot => slot.Value));
    }

    [Fact]
    public void Extract_OrderKeywordBeforePhoneShapedId_PrefersOrderNumber()
    {
        var slot = Assert.Single(SlotExpectations.Extract("订单号 13800138000"));

        Assert.Equal(SlotTypes.OrderNumber, slot.Type);
        Assert.Equal("13800138000", slot.Value);
    }

    [Fact]
    public void Extract_InternationalPhoneContainingChineseMobile_IsOnePhone()
    {
        var slot = Assert.Single(SlotExpectations.Extract("+86 138 0013 8000"));

        Assert.Equal(0, slot.Start);
        Assert.Equal(17, slot.Length);
    }

    [Fact]
    public void Extract_ChineseFullDate_IsOneDateNotMonthDayInside()
    {
        var slot = Assert.Single(SlotExpectations.Extract("2024年3月15日"));

        Assert.Equal(0, slot.Start);
        Assert.Equal("2024-03-15", slot.Value);
    }

    [Fact]
    public void Extract_DateInsidePrefixedOrderId_IsOrderNumberOnly()
    {
        var slot = Assert.Single(SlotExpectations.Extract("ref ORD-2024-03-15"));

        Assert.Equal(SlotTypes.OrderNumber, slot.Type);
        Assert.Equal("ORD-2024-03-15", slot.Value);
    }

    [Fact]
    public void Extract_DateAfterOrderKeyword_IsDate()
    {
        var slot = Assert.Single(SlotExpectations.Extract("order 2024-03-15"));

        Assert.Equal(SlotTypes.Date, slot.Type);
    }

    [Fact]
    public void Extract_AmountAfterOrderKeyword_IsMoney()
    {
        var slot = Assert.Single(SlotExpectations.Extract("order 1299 dollars"));

        Assert.Equal(SlotTypes.Money, slot.Type);
        Assert.Equal("1299 USD", slot.Value);
    }

    [Fact]
    public void Extract_TextAfterSurrogatePair_KeepsUtf16Offsets()
    {
        const string text = "😡😡 order 987654";

        var slot = SlotExpectations.Single(text, SlotTypes.OrderNumber);

        Assert.Equal(11, slot.Start);
    }

    [Fact]
    public void Extract_EmptyOrPlainText_ReturnsNothing()
    {
        Assert.Empty(SlotExpectations.Extract(""));
        Assert.Empty(SlotExpectations.Extract("where is my order"));
        Assert.Empty(SlotExpectations.Extract("我的订单在哪里"));
    }

    [Fact]
    public void Extract_NullText_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => new SlotExtractor().Extract(null!, SlotExpectations.Today));
    }
}
