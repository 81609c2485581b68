using Switchboard.Nlu.Slots;

namespace Switchboard.Nlu.Tests.Slots;

/// <summary>The reference date is Wednesday 2024-03-13; its week runs Monday 03-11 to Sunday 03-17.</summary>
public sealed class SlotExtractorRelativeDateTests
{
    [Theory]
    [InlineData("can it come today?", "today", "2024-03-13")]
    [InlineData("Tomorrow works", "Tomorrow", "2024-03-14")]
    [InlineData("it broke yesterday", "yesterday", "2024-03-12")]
    [InlineData("the day after tomorrow", "the day after tomorrow", "2024-03-15")]
    [InlineData("since the day before yesterday", "the day before yesterday", "2024-03-11")]
    [InlineData("this Friday please", "this Friday", "2024-03-15")]
    [InlineData("next Friday please", "next Friday", "2024-03-22")]
    [InlineData("next Monday please", "next Monday", "2024-03-18")]
    [InlineData("since last Monday", "last Monday", "2024-03-04")]
    [InlineData("in 3 days", "in 3 days", "2024-03-16")]
    [InlineData("in two weeks", "in two weeks", "2024-03-27")]
    [InlineData("3 days ago", "3 days ago", "2024-03-10")]
    [InlineData("a week ago", "a week ago", "2024-03-06")]
    [InlineData("2 months ago", "2 months ago", "2024-01-13")]
    [InlineData("5 days later", "5 days later", "2024-03-18")]
    public void Extract_EnglishRelativeDate_ComputesFromReferenceDate(string text, string expectedText, string expectedValue)
    {
        var slot = SlotExpectations.Single(text, SlotTypes.Date);

        Assert.Equal(expectedText, slot.Text);
        Assert.Equal(expectedValue, slot.Value);
    }

    [Theory]
    [InlineData("今天能到吗", "今天", "2024-03-13")]
    [InlineData("明天发货", "明天", "2024-03-14")]
    [InlineData("后天到", "后天", "2024-03-15")]
    [InlineData("大后天到", "大后天", "2024-03-16")]
    [InlineData("昨天买的", "昨天", "2024-03-12")]
    [InlineData("前天买的", "前天", "2024-03-11")]
    [InlineData("下周五送到", "下周五", "2024-03-22")]
    [InlineData("下个星期一", "下个星期一", "2024-03-18")]
    [InlineData("上周一下的单", "上周一", "2024-03-04")]
    [InlineData("这周三", "这周三", "2024-03-13")]
    [InlineData("本周五", "本周五", "2024-03-15")]
    [InlineData("这个礼拜天", "这个礼拜天", "2024-03-17")]
    [InlineData("3天后再联系", "3天后", "2024-03-16")]
    [InlineData("三天前下单", "三天前", "2024-03-10")]
    [InlineData("十天以后", "十天以后", "2024-03-23")]
    [InlineData("三百二十五天后", "三百二十五天后", "2025-02-01")]
    [InlineData("二百五十天后", "二百五十天后", "2024-11-18")]
    [InlineData("一百零五天后", "一百零五天后", "2024-06-26")]
    [InlineData("两周后", "两周后", "2024-03-27")]
    [InlineData("3个月前", "3个月前", "2023-12-13")]
    public void Extract_ChineseRelativeDate_ComputesFromReferenceDate(string text, string expectedText, string expectedValue)
    {
        var slot = SlotExpectations.Single(text, SlotTypes.Date);

        Assert.Equal(expectedText, slot.Text);
        Assert.Equal(text.IndexOf(expectedText, StringComparison.Ordinal), slot.Start);
        Assert.Equal(expectedValue, slot.Value);
    }

    [Theory]
    [InlineData("next Friday", "下周五")]
    [InlineData("last Monday", "上周一")]
    [InlineData("this Wednesday", "这周三")]
    [InlineData("in 3 days", "3天后")]
    [InlineData("3 days ago", "三天前")]
    public void Extract_EnglishAndChineseRelativeDate_Agree(string english, string chinese)
    {
        Assert.Equal(SlotExpectations.Single(english, SlotTypes.Date).Value, SlotExpectations.Single(chinese, SlotTypes.Date).Value);
    }

    [Fact]
    public void Extract_NextFridayOnASunday_IsFridayOfTheFollowingWeek()
    {
        var slots = new SlotExtractor().Extract("next Friday / 下周五", new DateOnly(2024, 3, 17));

        Assert.Equal(["2024-03-22", "2024-03-22"], slots.Select(slot => slot.Value));
    }

    [Theory]
    [InlineData("下周一起吃饭")] // "together next week", not "next Monday"
    [InlineData("以后天气会好")]
    [InlineData("I'll do it later")]
    public void Extract_LookalikeWords_FindNoDate(string text)
    {
        Assert.DoesNotContain(SlotExpectations.Extract(text), slot => slot.Type == SlotTypes.Date);
    }
}
