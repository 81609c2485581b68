using Switchboard.Nlu.Slots;

namespace Switchboard.Nlu.Tests.Slots;

public sealed class SlotExtractorDateTests
{
    [Theory]
    [InlineData("delivered on 2024-03-15", "2024-03-15", "2024-03-15")]
    [InlineData("delivered on 2024/3/5.", "2024/3/5", "2024-03-05")]
    [InlineData("due 15/03/2024", "15/03/2024", "2024-03-15")]
    [InlineData("due 03/15/2024", "03/15/2024", "2024-03-15")] // only one reading is possible
    [InlineData("due 03/04/2024", "03/04/2024", "2024-04-03")] // ambiguous: day first by default
    [InlineData("arrives March 15", "March 15", "2024-03-15")]
    [InlineData("arrives Mar. 5th, 2025", "Mar. 5th, 2025", "2025-03-05")]
    [InlineData("arrives the 15th of March 2023", "15th of March 2023", "2023-03-15")]
    [InlineData("3月15日到货", "3月15日", "2024-03-15")]
    [InlineData("预计2025年1月2号发货", "2025年1月2号", "2025-01-02")]
    [InlineData("十二月二十五日", "十二月二十五日", "2024-12-25")]
    public void Extract_AbsoluteDate_ReturnsIsoDate(string text, string expectedText, string expectedValue)
    {
        var slot = SlotExpectations.Single(text, SlotTypes.Date);

        Assert.Equal(expectedText, slot.Text);
        Assert.Equal(text.IndexOf(expectedText, StringComparison.Ordinal), slot.Start);
        Assert.Equal(expectedValue, slot.Value);
    }

    [Fact]
    public void Extract_AmbiguousNumericDateWithMonthFirst_ReadsMonthFirst()
    {
        var slot = SlotExpectations.Single("due 03/04/2024", SlotTypes.Date, new SlotExtractor { DayFirst = false });

        Assert.Equal("2024-03-04", slot.Value);
    }

    [Fact]
    public void Extract_FullWidthChineseDate_OffsetsPointIntoOriginalText()
    {
        const string text = "请在２０２４年３月１５日前送达";

        var slot = SlotExpectations.Single(text, SlotTypes.Date);

        Assert.Equal(2, slot.Start);
        Assert.Equal("２０２４年３月１５日", slot.Text);
        Assert.Equal("2024-03-15", slot.Value);
    }

    [Theory]
    [InlineData("2024-02-30")]
    [InlineData("31/04/2024")]
    [InlineData("13月5日")]
    [InlineData("3月十十日")]
    [InlineData("version 1.2.3")]
    public void Extract_ImpossibleDate_FindsNoDate(string text)
    {
        Assert.DoesNotContain(SlotExpectations.Extract(text), slot => slot.Type == SlotTypes.Date);
    }
}
