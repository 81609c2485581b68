namespace Switchboard.Nlu.Classification;

/// <summary>An intent and its calibrated probability.</summary>
/// <param name="Intent">The intent label.</param>
/// <param name="Probability">Its probability, 0 to 1.</param>
public readonly record struct IntentScore(string Intent, double Probability);
