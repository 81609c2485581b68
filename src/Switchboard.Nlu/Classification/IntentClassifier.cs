using System.Numerics;
using System.Runtime.InteropServices;
using Switchboard.Nlu.Features;

namespace Switchboard.Nlu.Classification;

/// <summary>
/// A trained intent classifier: TF-IDF features, one linear scorer per class, softmax probabilities with a fitted
/// temperature, and an out-of-scope threshold. Thread-safe; prediction allocates only its result.
/// </summary>
public sealed partial class IntentClassifier
{
    private readonly float[] _weights; // feature-major: [feature * ClassCount + class]
    private readonly float[] _bias;

    internal IntentClassifier(
        TfidfVectorizer vectorizer,
        string[] classes,
        int outOfScopeClass,
        float[] weights,
        float[] bias,
        double temperature,
        double threshold)
    {
        Vectorizer = vectorizer;
        Classes = classes;
        OutOfScopeClass = outOfScopeClass;
        _weights = weights;
        _bias = bias;
        Temperature = temperature;
        Threshold = threshold;
    }

    /// <summary>Gets the intents the classifier can name (the out-of-scope label excluded).</summary>
    public IReadOnlyList<string> Intents => OutOfScopeClass < 0 ? Classes : Classes.Where((_, i) => i != OutOfScopeClass).ToArray();

    /// <summary>Gets the label that marked out-of-scope training examples, if there were any.</summary>
    public string? OutOfScopeLabel => OutOfScopeClass < 0 ? null : Classes[OutOfScopeClass];

    /// <summary>Gets the softmax temperature applied to the linear scores.</summary>
    public double Temperature { get; }

    /// <summary>Gets the confidence below which a text is out of scope.</summary>
    public double Threshold { get; }

    /// <summary>Gets the number of features.</summary>
    public int FeatureCount => Vectorizer.FeatureCount;

    /// <summary>Gets the feature settings the model was trained with (and extracts at prediction).</summary>
    public FeatureOptions Features => Vectorizer.Options;

    internal TfidfVectorizer Vectorizer { get; }

    internal string[] Classes { get; }

    internal int OutOfScopeClass { get; }

    internal int ClassCount => Classes.Length;

    /// <summary>Returns a copy of this classifier with another out-of-scope threshold (same weights).</summary>
    public IntentClassifier WithThreshold(double threshold) =>
        new(Vectorizer, Classes, OutOfScopeClass, _weights, _bias, Temperature, threshold);

    /// <summary>Classifies a text.</summary>
    public IntentPrediction Predict(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var scores = ClassCount <= 512 ? stackalloc float[ClassCount] : new float[ClassCount];
        Score(Vectorizer.Transform(text), scores);
        return Decide(scores);
    }

    /// <summary>Ranks every in-scope intent for a text by probability, best first (at most <paramref name="count"/>).</summary>
    public IReadOnlyList<IntentScore> Rank(string text, int count)
    {
        ArgumentNullException.ThrowIfNull(text);
        var scores = new float[ClassCount];
        Score(Vectorizer.Transform(text), scores);
        var probabilities = new double[ClassCount];
        Softmax(scores, Temperature, probabilities);
        return Enumerable.Range(0, ClassCount)
            .Where(c => c != OutOfScopeClass)
            .OrderByDescending(c => probabilities[c])
            .ThenBy(c => c)
            .Take(count)
            .Select(c => new IntentScore(Classes[c], probabilities[c]))
            .ToList();
    }

    /// <summary>Turns raw class scores into a decision: probabilities, ranking, out-of-scope.</summary>
    internal IntentPrediction Decide(ReadOnlySpan<float> scores)
    {
        var probabilities = ClassCount <= 512 ? stackalloc double[ClassCount] : new double[ClassCount];
        Softmax(scores, Temperature, probabilities);
        var best = BestInScope(probabilities);
        var bestOverall = ArgMax(probabilities);
        var ranking = new List<IntentScore>(5);
        Span<bool> taken = ClassCount <= 512 ? stackalloc bool[ClassCount] : new bool[ClassCount];
        for (var k = 0; k < 5; k++)
        {
            var next = -1;
            for (var c = 0; c < ClassCount; c++)
            {
                if (c != OutOfScopeClass && !taken[c] && (next < 0 || probabilities[c] > probabilities[next]))
                {
                    next = c;
                }
            }

            if (next < 0)
            {
                break;
            }

            taken[next] = true;
            ranking.Add(new IntentScore(Classes[next], probabilities[next]));
        }

        var confidence = best < 0 ? 0 : probabilities[best];
        var outOfScope = best < 0 || bestOverall == OutOfScopeClass || confidence < Threshold;
        return new IntentPrediction(outOfScope ? null : Classes[best], confidence, ranking);
    }

    /// <summary>Computes the linear score of every class for a feature vector.</summary>
    internal void Score(SparseVector x, Span<float> scores)
    {
        _bias.CopyTo(scores);
        var classes = ClassCount;
        var weights = _weights.AsSpan();
        var accumulator = MemoryMarshal.Cast<float, Vector<float>>(scores);
        var vectorized = accumulator.Length * Vector<float>.Count;
        for (var k = 0; k < x.Indices.Length; k++)
        {
            var value = x.Values[k];
            var row = weights.Slice(x.Indices[k] * classes, classes);
            var rowVectors = MemoryMarshal.Cast<float, Vector<float>>(row);
            var scale = new Vector<float>(value);
            for (var v = 0; v < accumulator.Length; v++)
            {
                accumulator[v] += rowVectors[v] * scale;
            }

            for (var c = vectorized; c < classes; c++)
            {
                scores[c] += row[c] * value;
            }
        }
    }

    internal int BestInScope(ReadOnlySpan<double> probabilities)
    {
        var best = -1;
        for (var c = 0; c < probabilities.Length; c++)
        {
            if (c != OutOfScopeClass && (best < 0 || probabilities[c] > probabilities[best]))
            {
                best = c;
            }
        }

        return best;
    }

    internal static void Softmax(ReadOnlySpan<float> scores, double temperature, Span<double> probabilities)
    {
        var max = double.NegativeInfinity;
        foreach (var s in scores)
        {
            max = Math.Max(max, s);
        }

        var sum = 0.0;
        for (var c = 0; c < scores.Length; c++)
        {
            probabilities[c] = Math.Exp(temperature * (scores[c] - max));
            sum += probabilities[c];
        }

        for (var c = 0; c < scores.Length; c++)
        {
            probabilities[c] /= sum;
        }
    }

    private static int ArgMax(ReadOnlySpan<double> values)
    {
        var best = 0;
        for (var i = 1; i < values.Length; i++)
        {
            if (values[i] > values[best])
            {
                best = i;
            }
        }

        return best;
    }
}
