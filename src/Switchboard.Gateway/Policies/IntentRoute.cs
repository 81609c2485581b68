namespace Switchboard.Gateway.Policies;

/// <summary>One label of an <see cref="IntentRoutingPolicy"/>.</summary>
/// <param name="Label">The label, as configured.</param>
/// <param name="Examples">Example utterances of the label.</param>
/// <param name="Target">The route name or canonical model name its messages go to.</param>
public sealed record IntentRoute(string Label, IReadOnlyList<string> Examples, string Target);
