namespace Switchboard.Nlu.Sentiment;

/// <summary>The sentiment of a text.</summary>
/// <param name="Label">The polarity, derived from <paramref name="Score"/> and the analyser's neutral threshold.</param>
/// <param name="Score">The polarity strength in [-1, 1]: negative below zero, positive above; 0 when no cue was found.</param>
public sealed record SentimentResult(SentimentLabel Label, double Score);
