namespace Switchboard.Nlu.Sentiment;

/// <summary>One step of the scan: a lexicon entry, or a token that matched nothing.</summary>
/// <param name="Cue">The matched entry, or <see langword="null"/> for an unmatched token.</param>
/// <param name="StartsClause">True when punctuation separates this unit from the previous one.</param>
/// <param name="Shouted">True when the unit is an English word written in capitals in the input ("TERRIBLE").</param>
internal readonly record struct SentimentUnit(SentimentCue? Cue, bool StartsClause, bool Shouted);
