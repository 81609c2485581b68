using System.Text;

namespace Switchboard.Nlu.Text;

/// <summary>
/// Splits normalised text into word tokens (space-delimited scripts) and single-character tokens (CJK), so that
/// Chinese needs no segmenter: character n-grams over CJK runs recover words statistically. Punctuation separates
/// tokens and is dropped; an apostrophe inside a word is kept ("don't", "o'clock").
/// </summary>
public static class Tokenizer
{
    /// <summary>Tokenises text that has already been through <see cref="TextNormalizer.Normalize"/>.</summary>
    public static List<Token> Tokenize(string normalized)
    {
        ArgumentNullException.ThrowIfNull(normalized);
        var tokens = new List<Token>();
        var wordStart = -1;
        var index = 0;
        while (index < normalized.Length)
        {
            var rune = Rune.GetRuneAt(normalized, index);
            var width = rune.Utf16SequenceLength;
            if (TextNormalizer.IsWordCharacter(rune))
            {
                if (wordStart < 0)
                {
                    wordStart = index;
                }
            }
            else if (rune.Value == '\'' && wordStart >= 0 && index + 1 < normalized.Length
                && TextNormalizer.IsWordCharacter(Rune.GetRuneAt(normalized, index + 1)))
            {
                // inner apostrophe: part of the word
            }
            else
            {
                if (wordStart >= 0)
                {
                    tokens.Add(new Token(normalized[wordStart..index], wordStart, TokenKind.Word));
                    wordStart = -1;
                }

                if (TextNormalizer.IsCjk(rune))
                {
                    tokens.Add(new Token(normalized.Substring(index, width), index, TokenKind.Cjk));
                }
            }

            index += width;
        }

        if (wordStart >= 0)
        {
            tokens.Add(new Token(normalized[wordStart..], wordStart, TokenKind.Word));
        }

        return tokens;
    }
}
