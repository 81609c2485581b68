namespace Switchboard.Nlu.Sentiment;

/// <summary>What a lexicon entry does.</summary>
internal enum SentimentCueKind
{
    /// <summary>Carries polarity; the value is its weight (about -3 to 3). Weight 0 shields a longer word from its parts ("你好", "快递").</summary>
    Polar,

    /// <summary>Flips the next polar word within a short window ("not", "不", "没有").</summary>
    Negator,

    /// <summary>Scales the next polar word; the value is the factor, above 1 for intensifiers, below 1 for diminishers.</summary>
    Modifier,

    /// <summary>"but", "但是": what follows outweighs what came before.</summary>
    Contrast,
}
