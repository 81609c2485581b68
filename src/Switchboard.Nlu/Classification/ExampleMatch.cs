namespace Switchboard.Nlu.Classification;

/// <summary>What <see cref="ExampleClassifier"/> decided for a message.</summary>
/// <param name="Label">The label that fits, or null when none does.</param>
/// <param name="Confidence">The calibrated confidence of the best label.</param>
/// <param name="BestGuess">The best label even when it was declined; null when there are no labels.</param>
public sealed record ExampleMatch(string? Label, double Confidence, string? BestGuess);
