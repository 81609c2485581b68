namespace Switchboard.Nlu.Classification;

/// <summary>What the classifier concluded about one text.</summary>
/// <param name="Intent">The intent, or null when the text is out of scope ("none of these").</param>
/// <param name="Confidence">The calibrated probability of the best in-scope intent, 0 to 1.</param>
/// <param name="Ranking">The best in-scope intents with their probabilities, best first (at most five).</param>
public sealed record IntentPrediction(string? Intent, double Confidence, IReadOnlyList<IntentScore> Ranking)
{
    /// <summary>Gets a value indicating whether the classifier declined to name an intent.</summary>
    public bool IsOutOfScope => Intent is null;
}
