using System.Text.RegularExpressions;

namespace Switchboard.Nlu.Slots;

/// <summary>English relative dates: "today", "the day after tomorrow", "next Friday", "in 3 days", "two weeks ago".</summary>
internal static partial class DateRecognizer
{
    private const string EnglishCounts = "[0-9]{1,3}|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve";

    private static readonly string[] EnglishCountWords =
        ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"];

    private static readonly string[] WeekdayPrefixes = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

    private static void CollectEnglishRelative(string original, string folded, DateOnly today, List<SlotCandidate> sink)
    {
        foreach (Match match in EnglishDayWordPattern().Matches(folded))
        {
            var offset = match.Groups["plus2"].Success ? 2
                : match.Groups["minus2"].Success ? -2
                : match.Groups["plus1"].Success ? 1
                : match.Groups["minus1"].Success ? -1
                : 0;
            if (WeekCalendar.TryAddDays(today, offset, out var date))
            {
                Add(original, match, date, sink);
            }
        }

        foreach (Match match in EnglishWeekdayPattern().Matches(folded))
        {
            var weekOffset = match.Groups["direction"].Value switch
            {
                "next" => 1,
                "last" => -1,
                _ => 0,
            };
            var weekday = Array.IndexOf(WeekdayPrefixes, match.Groups["weekday"].Value[..3]);
            if (WeekCalendar.TryWeekday(today, weekOffset, weekday, out var date))
            {
                Add(original, match, date, sink);
            }
        }

        foreach (var pattern in (ReadOnlySpan<Regex>)[EnglishInPattern(), EnglishAgoPattern()])
        {
            foreach (Match match in pattern.Matches(folded))
            {
                var sign = match.Groups["direction"].Value == "ago" ? -1 : 1;
                var count = EnglishCount(match.Groups["count"].Value) * sign;
                if (TryShift(today, count, match.Groups["unit"].Value[0], out var date))
                {
                    Add(original, match, date, sink);
                }
            }
        }
    }

    private static int EnglishCount(string text) =>
        text is "a" or "an" ? 1
        : char.IsAsciiDigit(text[0]) ? int.Parse(text, System.Globalization.CultureInfo.InvariantCulture)
        : Array.IndexOf(EnglishCountWords, text);

    /// <summary>Shifts by a count of days ('d', '天', '日'), weeks ('w', '周', '星', '礼') or months ('m', '个').</summary>
    private static bool TryShift(DateOnly today, int count, char unit, out DateOnly date) => unit switch
    {
        'd' or '天' or '日' => WeekCalendar.TryAddDays(today, count, out date),
        'w' or '周' or '星' or '礼' => WeekCalendar.TryAddDays(today, count * 7L, out date),
        _ => WeekCalendar.TryAddMonths(today, count, out date),
    };

    [GeneratedRegex(
        @"(?<![a-z])(?:(?<plus2>(?:the\s{1,3})?day\s{1,3}after\s{1,3}tomorrow)|(?<minus2>(?:the\s{1,3})?day\s{1,3}before\s{1,3}yesterday)" +
        @"|today|tonight|(?<plus1>tomorrow|tmrw|tmr)|(?<minus1>yesterday))(?![a-z])",
        RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex EnglishDayWordPattern();

    [GeneratedRegex(
        @"(?<![a-z])(?<direction>next|last|this)\s{1,3}(?<weekday>monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tues|tue|wed|thurs|thur|thu|fri|sat|sun)\.?(?![a-z])",
        RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex EnglishWeekdayPattern();

    [GeneratedRegex(
        @"(?<![a-z])in\s{1,3}(?<count>" + EnglishCounts + @")\s{1,3}(?<unit>days?|weeks?|months?)(?![a-z])",
        RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex EnglishInPattern();

    [GeneratedRegex(
        @"(?<![0-9a-z])(?<count>" + EnglishCounts + @")\s{1,3}(?<unit>days?|weeks?|months?)\s{1,3}(?<direction>ago|later|from\s{1,3}now)(?![a-z])",
        RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex EnglishAgoPattern();
}
