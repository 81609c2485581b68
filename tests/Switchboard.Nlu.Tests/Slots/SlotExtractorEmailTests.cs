using Switchboard.Nlu.Slots;

namespace Switchboard.Nlu.Tests.Slots;

public sealed class SlotExtractorEmailTests
{
    [Theory]
    [InlineData("Contact me at John.Doe@Example.COM please", "John.Doe@Example.COM", "john.doe@example.com")]
    [InlineData("mail: a_b+tag@mail.co.uk.", "a_b+tag@mail.co.uk", "a_b+tag@mail.co.uk")]
    [InlineData("我的邮箱是zhang.san@qq.com谢谢", "zhang.san@qq.com", "zhang.san@qq.com")]
    [InlineData("邮箱：ＬＩ＠１６３．ｃｏｍ", "ＬＩ＠１６３．ｃｏｍ", "li@163.com")]
    public void Extract_Email_ReturnsLowerCaseAddressAndOffsets(string text, string expectedText, string expectedValue)
    {
        var slot = SlotExpectations.Single(text, SlotTypes.Email);

        Assert.Equal(expectedText, slot.Text);
        Assert.Equal(text.IndexOf(expectedText, StringComparison.Ordinal), slot.Start);
        Assert.Equal(expectedValue, slot.Value);
    }

    [Theory]
    [InlineData("write to john@@example.com")]
    [InlineData("write to john@example")]
    [InlineData("write to john..doe@example.com")]
    [InlineData("write to @example.com")]
    [InlineData("write to john@.com")]
    public void Extract_InvalidEmail_FindsNoEmail(string text)
    {
        Assert.DoesNotContain(SlotExpectations.Extract(text), slot => slot.Type == SlotTypes.Email);
    }

    [Fact]
    public void Extract_EmailWithPhoneShapedLocalPart_IsOneEmailOnly()
    {
        var slot = Assert.Single(SlotExpectations.Extract("13800138000@qq.com"));

        Assert.Equal(SlotTypes.Email, slot.Type);
        Assert.Equal(0, slot.Start);
    }
}
