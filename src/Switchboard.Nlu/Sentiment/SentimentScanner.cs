using System.Text;
using Switchboard.Nlu.Text;

namespace Switchboard.Nlu.Sentiment;

/// <summary>
/// Turns text into a sequence of <see cref="SentimentUnit"/>s: at each token the longest lexicon entry that starts
/// there wins, whether it is an English phrase ("never arrived") or a run of Chinese characters ("不满意"); a token
/// that starts no entry becomes an empty unit. No word segmenter is needed for Chinese.
/// </summary>
internal static class SentimentScanner
{
    /// <summary>Scans <paramref name="text"/> as the user wrote it.</summary>
    public static List<SentimentUnit> Scan(string text)
    {
        // Typographic apostrophes would otherwise split "don’t" into "don" and "t".
        var plain = text.Replace('\u2019', '\'');
        var normalized = TextNormalizer.Normalize(plain);
        var tokens = Tokenizer.Tokenize(normalized);
        var shouted = ShoutedWords(plain);
        var units = new List<SentimentUnit>(tokens.Count);
        var index = 0;
        while (index < tokens.Count)
        {
            var startsClause = index > 0 && HasPunctuationBetween(normalized, tokens[index - 1], tokens[index]);
            var (cue, length) = LongestEntryAt(normalized, tokens, index);
            var isShouted = cue is not null && tokens[index].Kind == TokenKind.Word && shouted.Contains(tokens[index].Text);
            units.Add(new SentimentUnit(cue, startsClause, isShouted));
            index += length;
        }

        return units;
    }

    private static (SentimentCue? Cue, int Length) LongestEntryAt(string normalized, List<Token> tokens, int first)
    {
        // Extend as far as the tokens can form one entry, then try the longest span first.
        var last = first;
        while (last + 1 < tokens.Count && last + 1 - first < SentimentLexicon.MaxTokens && IsJoinable(normalized, tokens[last], tokens[last + 1]))
        {
            last++;
        }

        for (var end = last; end >= first; end--)
        {
            var start = tokens[first].Start;
            var span = normalized.AsSpan(start, tokens[end].Start + tokens[end].Text.Length - start);
            if (SentimentLexicon.Lookup.TryGetValue(span, out var cue))
            {
                return (cue, end - first + 1);
            }
        }

        return (null, 1);
    }

    /// <summary>True when two tokens can belong to one entry: adjacent Chinese characters, or words one space apart.</summary>
    private static bool IsJoinable(string normalized, Token left, Token right)
    {
        var gap = right.Start - (left.Start + left.Text.Length);
        return left.Kind == right.Kind && (left.Kind == TokenKind.Cjk
            ? gap == 0
            : gap == 1 && normalized[right.Start - 1] == ' ');
    }

    private static bool HasPunctuationBetween(string normalized, Token left, Token right)
    {
        var end = left.Start + left.Text.Length;
        return normalized.AsSpan(end, right.Start - end).ContainsAnyExcept(' ');
    }

    /// <summary>Lower-cased forms of the words of three or more letters written entirely in capitals ("TERRIBLE").</summary>
    private static HashSet<string> ShoutedWords(string text)
    {
        var words = new HashSet<string>(StringComparer.Ordinal);
        var folded = TextNormalizer.FoldCompatibility(text);
        var start = -1;
        for (var index = 0; index <= folded.Length; index++)
        {
            var isLetter = index < folded.Length && (char.IsAsciiLetter(folded[index]) || (start >= 0 && folded[index] == '\''));
            if (isLetter && start < 0)
            {
                start = index;
            }
            else if (!isLetter && start >= 0)
            {
                var word = folded.AsSpan(start, index - start);
                if (word.Length >= 3 && !word.ContainsAnyInRange('a', 'z'))
                {
                    words.Add(word.ToString().ToLowerInvariant());
                }

                start = -1;
            }
        }

        return words;
    }
}
