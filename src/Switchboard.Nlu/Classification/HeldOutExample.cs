namespace Switchboard.Nlu.Classification;

/// <summary>Scores of one held-out example (validation or cross-validation) and its true class (-1: out of scope or unknown).</summary>
internal readonly record struct HeldOutExample(float[] Scores, int TrueClass, bool TrulyOutOfScope);
