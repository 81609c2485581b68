using System.Globalization;
using System.Text;

namespace Switchboard.Nlu.Text;

/// <summary>
/// Normalises text for matching: Unicode NFKC (full-width letters and digits become ASCII, compatibility forms fold),
/// lower case (invariant culture), and runs of white space collapsed to one space.
/// </summary>
public static class TextNormalizer
{
    /// <summary>Returns the normalised text.</summary>
    public static string Normalize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var folded = text.IsNormalized(NormalizationForm.FormKC) ? text : text.Normalize(NormalizationForm.FormKC);
        var builder = new StringBuilder(folded.Length);
        var pendingSpace = false;
        foreach (var rune in folded.EnumerateRunes())
        {
            if (Rune.IsWhiteSpace(rune) || Rune.IsControl(rune))
            {
                pendingSpace = builder.Length > 0;
                continue;
            }

            if (pendingSpace)
            {
                builder.Append(' ');
                pendingSpace = false;
            }

            builder.Append(Rune.ToLowerInvariant(rune).ToString());
        }

        return builder.ToString();
    }

    /// <summary>Returns true for scripts written without spaces between words (Han, kana, Hangul).</summary>
    public static bool IsCjk(Rune rune)
    {
        var value = rune.Value;
        return (value >= 0x4E00 && value <= 0x9FFF) // CJK unified ideographs
            || (value >= 0x3400 && value <= 0x4DBF) // extension A
            || (value >= 0x20000 && value <= 0x2FA1F) // extensions B-F, compatibility supplement
            || (value >= 0xF900 && value <= 0xFAFF) // compatibility ideographs
            || (value >= 0x3040 && value <= 0x30FF) // hiragana, katakana
            || (value >= 0xAC00 && value <= 0xD7AF); // hangul syllables
    }

    /// <summary>Returns true for characters that belong inside a word of a space-delimited script.</summary>
    public static bool IsWordCharacter(Rune rune) =>
        !IsCjk(rune) && (Rune.IsLetterOrDigit(rune) || Rune.GetUnicodeCategory(rune) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark);
}
