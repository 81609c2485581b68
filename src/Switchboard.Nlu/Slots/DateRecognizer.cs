using System.Globalization;
using System.Text.RegularExpressions;

namespace Switchboard.Nlu.Slots;

/// <summary>
/// Finds absolute dates ("2024-03-15", "15/03/2024", "March 15", "15th of March 2024", "3月15日", "2024年3月15日").
/// A date without a year takes the reference date's year. Relative dates live in the other parts of this class.
/// </summary>
internal static partial class DateRecognizer
{
    private const string MonthNames =
        "january|february|march|april|may|june|july|august|september|october|november|december|" +
        "jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec";

    private static readonly string[] MonthPrefixes = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

    /// <summary>Adds the dates in <paramref name="folded"/> to <paramref name="sink"/>.</summary>
    /// <param name="original">The input text, for the slot text.</param>
    /// <param name="folded">The input folded by <see cref="SlotTextFolder"/>.</param>
    /// <param name="today">The reference date for relative dates and missing years.</param>
    /// <param name="dayFirst">How to read an ambiguous all-numeric date such as 03/04/2024.</param>
    /// <param name="sink">Receives the candidates.</param>
    public static void Collect(string original, string folded, DateOnly today, bool dayFirst, List<SlotCandidate> sink)
    {
        CollectNumeric(original, folded, dayFirst, sink);
        CollectMonthNames(original, folded, today, sink);
        CollectChineseAbsolute(original, folded, today, sink);
        CollectEnglishRelative(original, folded, today, sink);
        CollectChineseRelative(original, folded, today, sink);
    }

    private static void Add(string original, Match match, DateOnly date, List<SlotCandidate> sink)
    {
        var value = date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        sink.Add(SlotCandidate.Create(SlotTypes.Date, original, match.Index, match.Length, value, SlotCandidate.DatePriority));
    }

    private static int Number(Group group) => int.Parse(group.ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture);

    private static void CollectNumeric(string original, string folded, bool dayFirst, List<SlotCandidate> sink)
    {
        foreach (Match match in YearFirstPattern().Matches(folded))
        {
            if (WeekCalendar.TryCreate(Number(match.Groups["year"]), Number(match.Groups["month"]), Number(match.Groups["day"]), out var date))
            {
                Add(original, match, date, sink);
            }
        }

        foreach (Match match in YearLastPattern().Matches(folded))
        {
            var first = Number(match.Groups["first"]);
            var second = Number(match.Groups["second"]);

            // A part above 12 can only be the day; otherwise the configured convention decides.
            var readDayFirst = first > 12 || (second <= 12 && dayFirst);
            var (day, month) = readDayFirst ? (first, second) : (second, first);
            if (WeekCalendar.TryCreate(Number(match.Groups["year"]), month, day, out var date))
            {
                Add(original, match, date, sink);
            }
        }
    }

    private static void CollectMonthNames(string original, string folded, DateOnly today, List<SlotCandidate> sink)
    {
        foreach (var pattern in (ReadOnlySpan<Regex>)[MonthFirstPattern(), DayFirstPattern()])
        {
            foreach (Match match in pattern.Matches(folded))
            {
                var month = Array.IndexOf(MonthPrefixes, match.Groups["month"].Value[..3]) + 1;
                var year = match.Groups["year"].Success ? Number(match.Groups["year"]) : today.Year;
                if (WeekCalendar.TryCreate(year, month, Number(match.Groups["day"]), out var date))
                {
                    Add(original, match, date, sink);
                }
            }
        }
    }

    private static void CollectChineseAbsolute(string original, string folded, DateOnly today, List<SlotCandidate> sink)
    {
        foreach (Match match in ChineseAbsolutePattern().Matches(folded))
        {
            var year = match.Groups["year"].Success ? Number(match.Groups["year"]) : today.Year;
            if (ChineseNumeral.TryParse(match.Groups["month"].ValueSpan, out var month)
                && ChineseNumeral.TryParse(match.Groups["day"].ValueSpan, out var day)
                && WeekCalendar.TryCreate(year, month, day, out var date))
            {
                Add(original, match, date, sink);
            }
        }
    }

    [GeneratedRegex(
        @"(?<![0-9a-z])(?<year>[0-9]{4})(?<separator>[\-/.])(?<month>[0-9]{1,2})\k<separator>(?<day>[0-9]{1,2})(?![0-9]|\.[0-9])",
        RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex YearFirstPattern();

    [GeneratedRegex(
        @"(?<![0-9a-z.\-/])(?<first>[0-9]{1,2})(?<separator>[\-/.])(?<second>[0-9]{1,2})\k<separator>(?<year>[0-9]{4})(?![0-9])",
        RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex YearLastPattern();

    [GeneratedRegex(
        @"(?<![a-z])(?<month>" + MonthNames + @")\.?\s{1,3}(?<day>[0-9]{1,2})(?:st|nd|rd|th)?(?![0-9a-z])(?:,?\s{1,3}(?<year>[0-9]{4})(?![0-9]))?",
        RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex MonthFirstPattern();

    [GeneratedRegex(
        @"(?<![0-9a-z])(?<day>[0-9]{1,2})(?:st|nd|rd|th)?\s{1,3}(?:of\s{1,3})?(?<month>" + MonthNames + @")\.?(?![a-z])(?:,?\s{1,3}(?<year>[0-9]{4})(?![0-9]))?",
        RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex DayFirstPattern();

    [GeneratedRegex(
        @"(?<![0-9])(?:(?<year>[0-9]{4})\s?年\s?)?(?<month>[0-9]{1,2}|[一二三四五六七八九十]{1,2})\s?月\s?(?<day>[0-9]{1,2}|[一二三四五六七八九十]{1,3})\s?[日号]",
        RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex ChineseAbsolutePattern();
}
