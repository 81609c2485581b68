namespace Switchboard.Nlu.Classification;

/// <summary>A training or evaluation example.</summary>
/// <param name="Text">The utterance.</param>
/// <param name="Label">The intent label (or the out-of-scope label).</param>
public sealed record LabeledText(string Text, string Label);
