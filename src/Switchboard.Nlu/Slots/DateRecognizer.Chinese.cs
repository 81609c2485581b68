using System.Text.RegularExpressions;

namespace Switchboard.Nlu.Slots;

/// <summary>Chinese relative dates: "今天", "大后天", "下周五", "上个星期一", "本周三", "3天后", "三天前", "两个星期以后".</summary>
internal static partial class DateRecognizer
{
    private static readonly Dictionary<string, int> ChineseDayWords = new(StringComparer.Ordinal)
    {
        ["大前天"] = -3,
        ["前天"] = -2,
        ["昨天"] = -1,
        ["昨日"] = -1,
        ["今天"] = 0,
        ["今日"] = 0,
        ["明天"] = 1,
        ["明日"] = 1,
        ["后天"] = 2,
        ["大后天"] = 3,
    };

    private static void CollectChineseRelative(string original, string folded, DateOnly today, List<SlotCandidate> sink)
    {
        foreach (Match match in ChineseDayWordPattern().Matches(folded))
        {
            if (WeekCalendar.TryAddDays(today, ChineseDayWords[match.Value], out var date))
            {
                Add(original, match, date, sink);
            }
        }

        foreach (Match match in ChineseWeekdayPattern().Matches(folded))
        {
            var relation = match.Groups["relation"].Value.TrimEnd('个');
            var weekOffset = relation switch
            {
                "下下" => 2,
                "上上" => -2,
                "下" => 1,
                "上" => -1,
                _ => 0,
            };
            var weekday = ChineseWeekday(match.Groups["weekday"].Value[0]);
            if (WeekCalendar.TryWeekday(today, weekOffset, weekday, out var date))
            {
                Add(original, match, date, sink);
            }
        }

        foreach (Match match in ChineseOffsetPattern().Matches(folded))
        {
            if (!ChineseNumeral.TryParse(match.Groups["count"].ValueSpan, out var count))
            {
                continue;
            }

            var sign = match.Groups["direction"].Value.EndsWith('前') ? -1 : 1;
            var unit = match.Groups["unit"].Value.TrimStart('个');
            var unitKey = unit == "月" ? 'm' : unit[0];
            if (TryShift(today, count * sign, unitKey, out var date))
            {
                Add(original, match, date, sink);
            }
        }
    }

    /// <summary>Returns 0 for Monday … 6 for Sunday ("日" and "天" both name Sunday).</summary>
    private static int ChineseWeekday(char character) => character switch
    {
        >= '1' and <= '7' => character - '1',
        '日' or '天' => 6,
        _ => ChineseNumeral.TryParse([character], out var day) ? day - 1 : 0,
    };

    // "后天" and "前天" also end words such as "以后天气" or "之前天然"; the look-behinds skip the common ones.
    [GeneratedRegex(
        @"大后天|大前天|今天|今日|明天|明日|昨天|昨日|(?<![以之然最此])后天|(?<![以之目提从此])前天",
        RegexOptions.CultureInvariant)]
    private static partial Regex ChineseDayWordPattern();

    // "下周一起" means "together next week", so "一" is not a weekday before 起, 样, 直, 定, 切 or 共.
    [GeneratedRegex(
        @"(?<relation>下下个?|上上个?|下个?|上个?|这个?|本)(?:周|星期|礼拜)(?<weekday>一(?![起样直定切共])|[二三四五六日天1-7])",
        RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex ChineseWeekdayPattern();

    [GeneratedRegex(
        @"(?<![0-9零〇一二两三四五六七八九十百])(?<count>[0-9]{1,3}|[零〇一二两三四五六七八九十百]{1,6})\s?(?<unit>天|日|个?星期|个?礼拜|周|个月)\s?(?<direction>以后|之后|后|以前|之前|前)",
        RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex ChineseOffsetPattern();
}
