using System.Text;
using System.Text.RegularExpressions;

namespace Switchboard.Nlu.Slots;

/// <summary>
/// Finds telephone numbers in three shapes: international ("+" and 8-15 digits in groups), Chinese mobiles (11 digits
/// starting 13-19, optionally grouped 3-4-4 and optionally prefixed "86"), and North American numbers written with
/// separators ("(415) 555-0132", "415-555-0132"). A bare run of digits of any other shape is not a phone number.
/// </summary>
internal static partial class PhoneRecognizer
{
    /// <summary>Adds the phone numbers in <paramref name="folded"/> to <paramref name="sink"/>.</summary>
    public static void Collect(string original, string folded, List<SlotCandidate> sink)
    {
        foreach (var match in InternationalPattern().EnumerateMatches(folded))
        {
            var digits = DigitsOf(folded.AsSpan(match.Index, match.Length));
            if (digits.Length is >= 8 and <= 15 && ParenthesesBalanced(folded.AsSpan(match.Index, match.Length)))
            {
                Add(original, match.Index, match.Length, "+" + digits, sink);
            }
        }

        foreach (Match match in ChineseMobilePattern().Matches(folded))
        {
            Add(original, match.Index, match.Length, "+86" + DigitsOf(match.Groups["number"].ValueSpan), sink);
        }

        foreach (var match in NorthAmericanPattern().EnumerateMatches(folded))
        {
            Add(original, match.Index, match.Length, DigitsOf(folded.AsSpan(match.Index, match.Length)), sink);
        }
    }

    private static void Add(string original, int start, int length, string value, List<SlotCandidate> sink) =>
        sink.Add(SlotCandidate.Create(SlotTypes.Phone, original, start, length, value, SlotCandidate.PhonePriority));

    private static string DigitsOf(ReadOnlySpan<char> text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var character in text)
        {
            if (char.IsAsciiDigit(character))
            {
                builder.Append(character);
            }
        }

        return builder.ToString();
    }

    private static bool ParenthesesBalanced(ReadOnlySpan<char> text) => text.Count('(') == text.Count(')');

    // "+", a 1-3 digit country code, then 2-7 groups of 1-4 digits (a group may be parenthesised), each optionally
    // preceded by one separator. Groups are atomic so a long digit run cannot backtrack through every split.
    [GeneratedRegex(
        @"(?<![0-9a-z+])\+[0-9]{1,3}(?:[ .\-]?(?>\([0-9]{1,4}\)|[0-9]{1,4})){2,7}(?![0-9])",
        RegexOptions.CultureInvariant)]
    private static partial Regex InternationalPattern();

    // 1[3-9]x xxxx xxxx with one consistent separator (none, space or hyphen). Not after a letter, digit, "+", "#" or
    // "-", so the tail of "ORD-13800138000" or "+8613800138000" is left to the other recognisers.
    [GeneratedRegex(
        @"(?<![0-9a-z+#\-])(?:86[ \-]?)?(?<number>1[3-9][0-9](?<separator>[ \-]?)[0-9]{4}\k<separator>[0-9]{4})(?![0-9])",
        RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex ChineseMobilePattern();

    // NANP area code 2xx-9xx, written "(415) 555-0132" or with separators "415-555-0132" / "415.555.0132".
    [GeneratedRegex(
        @"(?<![0-9a-z+#\-])(?:\([2-9][0-9]{2}\) ?|[2-9][0-9]{2}[ .\-])[0-9]{3}[ .\-][0-9]{4}(?![0-9])",
        RegexOptions.CultureInvariant)]
    private static partial Regex NorthAmericanPattern();
}
