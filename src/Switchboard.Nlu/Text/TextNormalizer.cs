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
        var folded = FoldCompatibility(text);
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

    /// <summary>
    /// Returns the text in Unicode NFKC. The runtime's normaliser (ICU on Linux) refuses text with a lone surrogate or
    /// a noncharacter such as U+FFFE, both of which can arrive in valid JSON; those become U+FFFD first, one for one, so
    /// that offsets into the text still hold, rather than failing the request.
    /// </summary>
    public static string FoldCompatibility(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        try
        {
            return text.IsNormalized(NormalizationForm.FormKC) ? text : text.Normalize(NormalizationForm.FormKC);
        }
        catch (ArgumentException)
        {
            var repaired = Repair(text);
            try
            {
                return repaired.Normalize(NormalizationForm.FormKC);
            }
            catch (ArgumentException)
            {
                return repaired;
            }
        }
    }

    /// <summary>Replaces lone surrogates and noncharacters with U+FFFD, keeping every other code unit where it is.</summary>
    private static string Repair(string text) => string.Create(text.Length, text, static (span, source) =>
    {
        for (var i = 0; i < source.Length; i++)
        {
            var c = source[i];
            if (char.IsHighSurrogate(c) && i + 1 < source.Length && char.IsLowSurrogate(source[i + 1]))
            {
                var scalar = char.ConvertToUtf32(c, source[i + 1]);
                var keep = (scalar & 0xFFFE) != 0xFFFE;
                span[i] = keep ? c : '\uFFFD';
                span[i + 1] = keep ? source[i + 1] : '\uFFFD';
                i++;
                continue;
            }

            span[i] = char.IsSurrogate(c) || c is '\uFFFE' or '\uFFFF' || c is >= '\uFDD0' and <= '\uFDEF' ? '\uFFFD' : c;
        }
    });

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
