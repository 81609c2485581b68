using Switchboard.Nlu.Slots;

namespace Switchboard.Nlu.Tests.Slots;

public sealed class SlotExtractorPhoneTests
{
    [Theory]
    [InlineData("Call +1 (415) 555-0132 now", "+1 (415) 555-0132", "+14155550132")]
    [InlineData("UK office: +44 20 7946 0958.", "+44 20 7946 0958", "+442079460958")]
    [InlineData("电话 +86 138 0013 8000", "+86 138 0013 8000", "+8613800138000")]
    [InlineData("手机13800138000，谢谢", "13800138000", "+8613800138000")]
    [InlineData("call 138-0013-8000 today", "138-0013-8000", "+8613800138000")]
    [InlineData("号码是 86 139 1234 5678", "86 139 1234 5678", "+8613912345678")]
    [InlineData("office (415) 555-0132", "(415) 555-0132", "4155550132")]
    public void Extract_Phone_ReturnsCanonicalDigitsAndOffsets(string text, string expectedText, string expectedValue)
    {
        var slot = SlotExpectations.Single(text, SlotTypes.Phone);

        Assert.Equal(expectedText, slot.Text);
        Assert.Equal(text.IndexOf(expectedText, StringComparison.Ordinal), slot.Start);
        Assert.Equal(expectedValue, slot.Value);
    }

    [Fact]
    public void Extract_FullWidthChineseMobile_OffsetsPointIntoOriginalText()
    {
        const string text = "联系电话：１３８００１３８０００。";

        var slot = SlotExpectations.Single(text, SlotTypes.Phone);

        Assert.Equal(5, slot.Start);
        Assert.Equal(11, slot.Length);
        Assert.Equal("+8613800138000", slot.Value);
    }

    [Theory]
    [InlineData("I have 12345678 points")]
    [InlineData("code 12800138000")] // 12x is not a Chinese mobile prefix
    [InlineData("138001380001 is too long")]
    [InlineData("+12 34")] // too few digits for an international number
    [InlineData("2024-03-15")]
    public void Extract_NumberThatIsNotAPhone_FindsNoPhone(string text)
    {
        Assert.DoesNotContain(SlotExpectations.Extract(text), slot => slot.Type == SlotTypes.Phone);
    }
}
