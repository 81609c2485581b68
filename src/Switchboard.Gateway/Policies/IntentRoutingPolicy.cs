using System.Globalization;
using Microsoft.Extensions.AI;
using Switchboard.Nlu.Classification;

namespace Switchboard.Gateway.Policies;

/// <summary>
/// Chooses by what the last user message is about: an <see cref="ExampleClassifier"/> trained on the labels' example
/// utterances (once per process, on first use) names the label, and the label's target serves the request. A message
/// no label fits, or one whose label is below <see cref="MinConfidence"/>, goes to <see cref="Default"/>.
/// </summary>
public sealed class IntentRoutingPolicy : RoutingPolicy
{
    private readonly Dictionary<string, string> _targets;
    private readonly Lazy<ExampleClassifier> _classifier;

    /// <summary>Initializes a new instance of the <see cref="IntentRoutingPolicy"/> class.</summary>
    /// <param name="name">The policy's name.</param>
    /// <param name="intents">The labels, each with examples and a target.</param>
    /// <param name="defaultTarget">Where a message no label fits goes.</param>
    /// <param name="minConfidence">The lowest confidence, 0 to 1, at which a label is followed.</param>
    public IntentRoutingPolicy(string name, IReadOnlyList<IntentRoute> intents, string defaultTarget, double minConfidence = RoutingPolicyOptions.DefaultMinConfidence)
        : base(name)
    {
        ArgumentNullException.ThrowIfNull(intents);
        ArgumentException.ThrowIfNullOrWhiteSpace(defaultTarget);
        if (intents.Count == 0)
        {
            throw new ArgumentException("An intent policy needs at least one label.", nameof(intents));
        }

        Intents = intents;
        Default = defaultTarget;
        MinConfidence = minConfidence;
        _targets = intents.ToDictionary(i => i.Label, i => i.Target, StringComparer.Ordinal);
        Targets = intents.Select(i => i.Target).Append(defaultTarget).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var examples = intents.ToDictionary(i => i.Label, i => i.Examples, StringComparer.Ordinal);
        _classifier = new Lazy<ExampleClassifier>(() => ExampleClassifier.For(examples), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <inheritdoc />
    public override string Kind => "intent";

    /// <inheritdoc />
    public override IReadOnlyList<string> Targets { get; }

    /// <summary>Gets the labels.</summary>
    public IReadOnlyList<IntentRoute> Intents { get; }

    /// <summary>Gets where a message no label fits goes.</summary>
    public string Default { get; }

    /// <summary>Gets the lowest confidence at which a label is followed.</summary>
    public double MinConfidence { get; }

    /// <inheritdoc />
    public override RoutingDecision Decide(IReadOnlyList<ChatMessage> messages, ChatOptions? options)
    {
        var text = LastUserText(messages);
        if (string.IsNullOrWhiteSpace(text))
        {
            return new RoutingDecision(Default, $"no user message -> default {Default}");
        }

        var match = _classifier.Value.Match(text);
        if (match.Label is null)
        {
            var guess = match.BestGuess is null ? string.Empty : $" (best guess '{match.BestGuess}')";
            return new RoutingDecision(Default, $"no intent{guess} -> default {Default}");
        }

        var confidence = match.Confidence.ToString("0.00", CultureInfo.InvariantCulture);
        if (match.Confidence < MinConfidence)
        {
            var bar = MinConfidence.ToString("0.00", CultureInfo.InvariantCulture);
            return new RoutingDecision(Default, $"intent '{match.Label}' ({confidence}) below {bar} -> default {Default}");
        }

        var target = _targets[match.Label];
        return new RoutingDecision(target, $"intent '{match.Label}' ({confidence}) -> {target}");
    }
}
