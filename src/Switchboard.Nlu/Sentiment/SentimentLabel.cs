namespace Switchboard.Nlu.Sentiment;

/// <summary>The polarity of a text.</summary>
public enum SentimentLabel
{
    /// <summary>The score is at or below minus the neutral threshold.</summary>
    Negative,

    /// <summary>The score lies strictly inside the neutral band.</summary>
    Neutral,

    /// <summary>The score is at or above the neutral threshold.</summary>
    Positive,
}
