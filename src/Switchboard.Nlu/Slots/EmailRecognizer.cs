using System.Text.RegularExpressions;

namespace Switchboard.Nlu.Slots;

/// <summary>Finds e-mail addresses: a dot-separated local part, "@", and a domain with at least one dot and a letter TLD.</summary>
internal static partial class EmailRecognizer
{
    /// <summary>Adds the addresses in <paramref name="folded"/> to <paramref name="sink"/>.</summary>
    public static void Collect(string original, string folded, List<SlotCandidate> sink)
    {
        foreach (var match in EmailPattern().EnumerateMatches(folded))
        {
            var value = folded.Substring(match.Index, match.Length);
            sink.Add(SlotCandidate.Create(SlotTypes.Email, original, match.Index, match.Length, value, SlotCandidate.EmailPriority));
        }
    }

    // Local part: atoms of [a-z0-9_%+-] joined by single dots (no leading, trailing or doubled dot).
    // Domain: labels of letters, digits and inner hyphens, then a 2-24 letter top-level label.
    [GeneratedRegex(
        @"(?<![a-z0-9._%+\-])[a-z0-9_%+\-]+(?:\.[a-z0-9_%+\-]+)*@(?:[a-z0-9](?:[a-z0-9\-]{0,61}[a-z0-9])?\.)+[a-z]{2,24}(?![a-z0-9\-@]|\.[a-z0-9])",
        RegexOptions.CultureInvariant)]
    private static partial Regex EmailPattern();
}
