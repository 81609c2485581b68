namespace Switchboard.Nlu.Sentiment;

/// <summary>A lexicon entry's role and value.</summary>
/// <param name="Kind">What the entry does.</param>
/// <param name="Value">The weight of a polar word or the factor of a modifier; unused otherwise.</param>
internal readonly record struct SentimentCue(SentimentCueKind Kind, double Value);
