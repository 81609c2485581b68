using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace Switchboard.Nlu.Classification;

/// <summary>
/// A small classifier trained on the fly from a few example utterances per label (tools, routes), with generic
/// off-topic utterances as an out-of-scope class so that a message no label fits is declined. Trained classifiers
/// are cached by the fingerprint of their examples, so a label set is trained once per process.
/// </summary>
public sealed class ExampleClassifier
{
    private const string NoneLabel = "__none__";
    private const int CacheCapacity = 128;
    private static readonly ConcurrentDictionary<string, Lazy<ExampleClassifier>> Cache = new(StringComparer.Ordinal);

    private readonly IntentClassifier _classifier;

    private ExampleClassifier(IntentClassifier classifier) => _classifier = classifier;

    /// <summary>Gets the labels it chooses between.</summary>
    public IReadOnlyList<string> Labels => _classifier.Intents.Where(i => i != NoneLabel).ToList();

    /// <summary>Gets the confidence below which it declines.</summary>
    public double Threshold => _classifier.Threshold;

    /// <summary>Returns the classifier for these examples, training it on first use.</summary>
    /// <param name="examples">Example utterances per label; labels without examples are left out.</param>
    /// <exception cref="ArgumentException">No label has examples.</exception>
    public static ExampleClassifier For(IReadOnlyDictionary<string, IReadOnlyList<string>> examples)
    {
        ArgumentNullException.ThrowIfNull(examples);
        var key = Fingerprint(examples);
        if (Cache.Count >= CacheCapacity)
        {
            Cache.Clear();
        }

        return Cache.GetOrAdd(key, _ => new Lazy<ExampleClassifier>(() => Train(examples))).Value;
    }

    /// <summary>Trains a classifier (uncached).</summary>
    /// <exception cref="ArgumentException">No label has examples.</exception>
    public static ExampleClassifier Train(IReadOnlyDictionary<string, IReadOnlyList<string>> examples)
    {
        ArgumentNullException.ThrowIfNull(examples);
        var training = examples
            .Where(p => p.Value.Count > 0)
            .SelectMany(p => p.Value.Where(e => !string.IsNullOrWhiteSpace(e)).Select(e => new LabeledText(e, p.Key)))
            .ToList();
        if (training.Count == 0)
        {
            throw new ArgumentException("No label has examples.", nameof(examples));
        }

        training.AddRange(OffTopicExamples.All.Select(e => new LabeledText(e, NoneLabel)));

        // With one label the off-topic examples are its only rival, so they are an ordinary class (Match maps it to
        // "none"); with more, they are the out-of-scope class that calibrates the threshold.
        var single = training.Select(e => e.Label).Distinct(StringComparer.Ordinal).Count() == 2;
        var options = new IntentTrainingOptions
        {
            OutOfScopeLabel = single ? null : NoneLabel,
            MaxDegreeOfParallelism = 1,
            CostCandidates = [],
            Cost = 1,
        };
        var (classifier, _) = IntentClassifierTrainer.Train(training, null, options);

        // With one label the off-topic class is the one that declines; no extra threshold on top.
        return new ExampleClassifier(single ? classifier.WithThreshold(0) : classifier);
    }

    /// <summary>Classifies a message: the best label and its confidence, or a null label when none fits.</summary>
    public ExampleMatch Match(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var prediction = _classifier.Predict(text);
        var best = prediction.Ranking.Select(r => r.Intent).FirstOrDefault(i => i != NoneLabel);
        var label = prediction.Intent == NoneLabel ? null : prediction.Intent;
        return new ExampleMatch(label, prediction.Confidence, best);
    }

    private static string Fingerprint(IReadOnlyDictionary<string, IReadOnlyList<string>> examples)
    {
        var builder = new StringBuilder();
        foreach (var (label, texts) in examples.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            builder.Append(label).Append('\u001f');
            foreach (var text in texts)
            {
                builder.Append(text).Append('\u001e');
            }

            builder.Append('\u001d');
        }

        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(builder.ToString())));
    }
}
