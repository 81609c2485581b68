using System.Diagnostics;
using Switchboard.Nlu.Classification;

namespace Switchboard.Nlu.Evaluation;

/// <summary>Scores a classifier on a labelled test set, timing each prediction.</summary>
public static class IntentEvaluator
{
    /// <summary>Evaluates <paramref name="classifier"/> on <paramref name="test"/>.</summary>
    /// <param name="classifier">The classifier.</param>
    /// <param name="test">Labelled test examples.</param>
    /// <param name="outOfScopeLabel">The label of out-of-scope test examples, if any; a rejected prediction is that label.</param>
    public static IntentEvaluationReport Evaluate(IntentClassifier classifier, IReadOnlyList<LabeledText> test, string? outOfScopeLabel)
    {
        ArgumentNullException.ThrowIfNull(classifier);
        ArgumentNullException.ThrowIfNull(test);
        const string Rejected = "\u0000out-of-scope";
        var truthOutOfScope = outOfScopeLabel ?? Rejected;

        // Warm up (one pass, and at least one second) so that the timings measure steady state: the runtime recompiles
        // hot methods with full optimisation only after they have run for a while (tiered compilation), and a fixed
        // number of calls can end before that on a fast model.
        var warmUpStarted = Stopwatch.GetTimestamp();
        for (var i = 0; test.Count > 0 && (i < test.Count || Stopwatch.GetElapsedTime(warmUpStarted) < TimeSpan.FromSeconds(1)); i++)
        {
            classifier.Predict(test[i % test.Count].Text);
        }

        var predicted = new string[test.Count];
        var topIntent = new string?[test.Count];
        var latencies = new double[test.Count];
        for (var i = 0; i < test.Count; i++)
        {
            var started = Stopwatch.GetTimestamp();
            var prediction = classifier.Predict(test[i].Text);
            latencies[i] = Stopwatch.GetElapsedTime(started).TotalMicroseconds;
            predicted[i] = prediction.Intent ?? truthOutOfScope;
            topIntent[i] = prediction.Ranking.Count > 0 ? prediction.Ranking[0].Intent : null;
        }

        var correct = 0;
        var inScope = 0;
        var inScopeCorrect = 0;
        var topCorrect = 0;
        var truePositives = new Dictionary<string, int>(StringComparer.Ordinal);
        var predictedCounts = new Dictionary<string, int>(StringComparer.Ordinal);
        var actualCounts = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < test.Count; i++)
        {
            var truth = test[i].Label;
            actualCounts[truth] = actualCounts.GetValueOrDefault(truth) + 1;
            predictedCounts[predicted[i]] = predictedCounts.GetValueOrDefault(predicted[i]) + 1;
            if (predicted[i] == truth)
            {
                correct++;
                truePositives[truth] = truePositives.GetValueOrDefault(truth) + 1;
            }

            if (truth != truthOutOfScope)
            {
                inScope++;
                inScopeCorrect += predicted[i] == truth ? 1 : 0;
                topCorrect += topIntent[i] == truth ? 1 : 0;
            }
        }

        var f1s = actualCounts.Keys.Select(label => F1(truePositives.GetValueOrDefault(label), predictedCounts.GetValueOrDefault(label), actualCounts[label])).ToList();
        double? precision = null;
        double? recall = null;
        double? oosF1 = null;
        if (actualCounts.TryGetValue(truthOutOfScope, out var oosActual))
        {
            var tp = truePositives.GetValueOrDefault(truthOutOfScope);
            var rejected = predictedCounts.GetValueOrDefault(truthOutOfScope);
            precision = rejected == 0 ? 0 : (double)tp / rejected;
            recall = (double)tp / oosActual;
            oosF1 = F1(tp, rejected, oosActual);
        }

        Array.Sort(latencies);
        return new IntentEvaluationReport(
            test.Count,
            test.Count == 0 ? 0 : (double)correct / test.Count,
            f1s.Count == 0 ? 0 : f1s.Average(),
            inScope == 0 ? 0 : (double)inScopeCorrect / inScope,
            precision,
            recall,
            oosF1,
            inScope == 0 ? 0 : (double)topCorrect / inScope,
            Percentile(latencies, 0.50),
            Percentile(latencies, 0.99));
    }

    private static double F1(int truePositives, int predicted, int actual) =>
        truePositives == 0 ? 0 : 2.0 * truePositives / (predicted + actual);

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
}
