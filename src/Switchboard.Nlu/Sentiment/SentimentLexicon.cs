using System.Collections.Frozen;

namespace Switchboard.Nlu.Sentiment;

/// <summary>
/// The combined English and Chinese lexicon, keyed by normalised text: English phrases with single spaces between
/// words, Chinese entries as written. One table serves both scripts, so mixed-language text needs no detection.
/// </summary>
internal static class SentimentLexicon
{
    /// <summary>Entries by text. Building throws on a duplicate key, so a word cannot carry two meanings.</summary>
    public static readonly FrozenDictionary<string, SentimentCue> Entries = Build();

    /// <summary>Looks up entries by a span of the normalised text without allocating.</summary>
    public static readonly FrozenDictionary<string, SentimentCue>.AlternateLookup<ReadOnlySpan<char>> Lookup =
        Entries.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>The most tokens an entry spans: words of an English phrase, or characters of a Chinese entry.</summary>
    public static readonly int MaxTokens = Entries.Keys.Max(key => key.Any(c => c >= '\u2E80') ? key.Length : key.Count(c => c == ' ') + 1);

    private static FrozenDictionary<string, SentimentCue> Build()
    {
        var entries = new Dictionary<string, SentimentCue>(StringComparer.Ordinal);
        foreach (var (weight, words) in EnglishSentimentWords.Groups.Concat(ChineseSentimentWords.Groups))
        {
            AddAll(entries, words, new SentimentCue(SentimentCueKind.Polar, weight));
        }

        foreach (var (factor, words) in SentimentModifierWords.Modifiers)
        {
            AddAll(entries, words, new SentimentCue(SentimentCueKind.Modifier, factor));
        }

        AddAll(entries, SentimentModifierWords.Negators, new SentimentCue(SentimentCueKind.Negator, 0));
        AddAll(entries, SentimentModifierWords.Contrasts, new SentimentCue(SentimentCueKind.Contrast, 0));
        return entries.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static void AddAll(Dictionary<string, SentimentCue> entries, string words, SentimentCue cue)
    {
        foreach (var word in words.Split('|'))
        {
            entries.Add(word, cue);
        }
    }
}
