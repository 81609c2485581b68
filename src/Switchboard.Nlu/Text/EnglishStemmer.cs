namespace Switchboard.Nlu.Text;

/// <summary>
/// A light English suffix stripper, so that inflected forms of a word share a word feature: "invoices" and "invoice"
/// become "invoic", "removing", "removed" and "remove" become "remov", "cancelled" and "cancellation" become "cancell".
/// </summary>
/// <remarks>
/// <para>
/// It is deliberately smaller than the Porter stemmer. It removes, in this order, one plural ending ("-sses" to "-ss",
/// "-ies" to "-y", "-es" after s, x, z, ch or sh, otherwise "-s" unless the word ends in "-ss", "-us" or "-is"); then at
/// most one of "-ations", "-ation", "-ingly", "-edly", "-ing", "-ed" and "-ly", when at least three letters including a
/// vowel remain (a doubled final consonant left by "-ing" or "-ed" is undoubled, except l, s and z as in Porter, and y); and
/// last a final "e". The result is a matching key, not always a word.
/// </para>
/// <para>
/// Only words of four or more ASCII letters are changed (an inner apostrophe is allowed, and a final "'s" is removed);
/// other words, numbers and every other script are returned unchanged.
/// </para>
/// </remarks>
public static class EnglishStemmer
{
    /// <summary>The longest word stemmed; longer tokens are not English words and are returned unchanged.</summary>
    public const int MaxLength = 64;

    private static readonly string[] DerivationalSuffixes = ["ations", "ation", "ingly", "edly", "ing", "ed", "ly"];

    /// <summary>Returns the stem of a lower-case word (the word itself when no rule applies).</summary>
    /// <param name="word">A lower-case word token.</param>
    public static string Stem(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        Span<char> buffer = stackalloc char[MaxLength];
        var stem = Stem(word, buffer);
        return stem.SequenceEqual(word) ? word : stem.ToString();
    }

    /// <summary>Writes the stem of a lower-case word into <paramref name="buffer"/> and returns it.</summary>
    /// <param name="word">A lower-case word token.</param>
    /// <param name="buffer">Space for the stem, at least <see cref="MaxLength"/> characters.</param>
    /// <returns>The stem: a slice of <paramref name="buffer"/>, or <paramref name="word"/> itself when it is left alone.</returns>
    public static ReadOnlySpan<char> Stem(ReadOnlySpan<char> word, Span<char> buffer)
    {
        if (word.Length < 4 || word.Length > MaxLength || buffer.Length < word.Length || !IsAsciiWord(word))
        {
            return word;
        }

        word.CopyTo(buffer);
        var length = word.Length;
        if (EndsWith(buffer, length, "'s"))
        {
            length -= 2;
        }

        if (buffer[..length].Contains('\''))
        {
            return word;
        }

        length = StripPlural(buffer, length);
        foreach (var suffix in DerivationalSuffixes)
        {
            var rest = length - suffix.Length;
            if (rest >= 3 && EndsWith(buffer, length, suffix) && ContainsVowel(buffer[..rest]))
            {
                length = rest;
                if (suffix is "ing" or "ed" or "ingly" or "edly")
                {
                    // "-ed", "-edly", "-ing", "-ingly": "swapping" -> "swap", but "calling" -> "call".
                    var last = buffer[length - 1];
                    if (last == buffer[length - 2] && !IsVowel(last) && last is not ('y' or 'l' or 's' or 'z'))
                    {
                        length--;
                    }
                }

                break;
            }
        }

        if (length >= 4 && buffer[length - 1] == 'e')
        {
            length--;
        }

        return buffer[..length];
    }

    private static int StripPlural(Span<char> buffer, int length)
    {
        if (EndsWith(buffer, length, "sses"))
        {
            return length - 2;
        }

        if (EndsWith(buffer, length, "ies") && length > 4)
        {
            buffer[length - 3] = 'y';
            return length - 2;
        }

        if (EndsWith(buffer, length, "ses") || EndsWith(buffer, length, "xes") || EndsWith(buffer, length, "zes")
            || EndsWith(buffer, length, "ches") || EndsWith(buffer, length, "shes"))
        {
            return length - 2;
        }

        if (length > 3 && buffer[length - 1] == 's' && !EndsWith(buffer, length, "ss") && !EndsWith(buffer, length, "us")
            && !EndsWith(buffer, length, "is"))
        {
            return length - 1;
        }

        return length;
    }

    private static bool EndsWith(Span<char> buffer, int length, string suffix) =>
        length >= suffix.Length && buffer[..length].EndsWith(suffix, StringComparison.Ordinal);

    private static bool IsAsciiWord(ReadOnlySpan<char> word)
    {
        foreach (var c in word)
        {
            if (c is not ((>= 'a' and <= 'z') or '\''))
            {
                return false;
            }
        }

        return true;
    }

    private static bool ContainsVowel(ReadOnlySpan<char> text) => text.IndexOfAny("aeiou") >= 0;

    private static bool IsVowel(char c) => c is 'a' or 'e' or 'i' or 'o' or 'u';
}
