namespace Switchboard.Nlu.Classification;

/// <summary>
/// Chooses the out-of-scope confidence threshold on held-out examples, never on test data.
/// <list type="bullet">
/// <item>When the held-out set has out-of-scope examples: each threshold is scored by the accuracy expected on live
/// traffic in which a share <c>s</c> of messages is out of scope: (1 − s) × in-scope accuracy + s × out-of-scope
/// recall, both measured on the held-out set. Validation sets hold far fewer out-of-scope examples than live traffic
/// (CLINC150's validation split: 3%), so their raw accuracy would under-value rejection; s is a stated prior
/// (<see cref="IntentTrainingOptions.OutOfScopeShare"/>), not something fitted.</item>
/// <item>Otherwise: each answer kept is worth +1 when right and −1 when wrong, a declined one 0, so the model declines
/// where it has been more often wrong than right.</item>
/// </list>
/// In both cases the best score is itself an estimate from a limited held-out set, so the one-standard-error rule
/// (Breiman et al., 1984) applies: the lowest threshold (reject least) whose score is within one standard error of the
/// best is chosen.
/// </summary>
internal static class ThresholdSelector
{
    public static double Select(IntentClassifier model, IReadOnlyList<HeldOutExample> examples, double outOfScopeShare)
    {
        var decided = examples.Select(e =>
        {
            var probabilities = new double[e.Scores.Length];
            IntentClassifier.Softmax(e.Scores, model.Temperature, probabilities);
            var best = model.BestInScope(probabilities);
            var overall = Array.IndexOf(probabilities, probabilities.Max());
            var rejectedByClass = overall == model.OutOfScopeClass;
            return (Confidence: best < 0 ? 0 : probabilities[best], Correct: !e.TrulyOutOfScope && best == e.TrueClass && !rejectedByClass, RejectedByClass: rejectedByClass, e.TrulyOutOfScope);
        }).OrderBy(d => d.Confidence).ToList();

        var inScope = decided.Count(d => !d.TrulyOutOfScope);
        var outOfScope = decided.Count - inScope;
        if (decided.Count == 0)
        {
            return 0;
        }

        if (outOfScope == 0)
        {
            // Texts the out-of-scope class already declines are declined at every threshold; they do not vote.
            return SelectWithoutOutOfScope(decided.Where(d => !d.RejectedByClass).Select(d => (d.Confidence, d.Correct)).ToList());
        }

        // Sweep thresholds upward: at candidate k, everything before k (lower confidence) is rejected.
        var acceptedCorrect = decided.Count(d => d.Correct);
        var acceptedOutOfScope = decided.Count(d => d.TrulyOutOfScope && !d.RejectedByClass);
        var candidates = new List<(double Threshold, double Score, double Accuracy, double Recall)>();
        for (var k = 0; k <= decided.Count; k++)
        {
            if (k == 0 || decided[k - 1].Confidence < (k < decided.Count ? decided[k].Confidence : double.PositiveInfinity))
            {
                var threshold = k == 0 ? 0 : k < decided.Count ? decided[k].Confidence : decided[k - 1].Confidence + 1e-9;
                var accuracy = inScope > 0 ? (double)acceptedCorrect / inScope : 0;
                var recall = (double)(outOfScope - acceptedOutOfScope) / outOfScope;
                var score = inScope > 0 ? ((1 - outOfScopeShare) * accuracy) + (outOfScopeShare * recall) : recall;
                candidates.Add((threshold, score, accuracy, recall));
            }

            if (k < decided.Count && !decided[k].RejectedByClass)
            {
                var d = decided[k];
                if (d.Correct)
                {
                    acceptedCorrect--;
                }
                else if (d.TrulyOutOfScope)
                {
                    acceptedOutOfScope--;
                }
            }
        }

        // One-standard-error rule: the best score is itself an estimate from a few held-out examples (CLINC150's
        // validation split has 100 out-of-scope texts), so any threshold whose score is within one standard error of
        // the best is as good on the evidence, and the lowest of them (reject least) is kept.
        var best = candidates.MaxBy(c => c.Score);
        var standardError = Math.Sqrt(
            (inScope > 0 ? Math.Pow(1 - outOfScopeShare, 2) * best.Accuracy * (1 - best.Accuracy) / inScope : 0)
            + (Math.Pow(inScope > 0 ? outOfScopeShare : 1, 2) * best.Recall * (1 - best.Recall) / outOfScope));
        var bestThreshold = candidates.First(c => c.Score >= best.Score - standardError - 1e-12).Threshold;
        return bestThreshold;
    }

    /// <summary>
    /// Without out-of-scope examples: each held-out answer kept is worth +1 when right and −1 when wrong, a declined one
    /// 0, so the best threshold declines where the model has been more often wrong than right. As above, the lowest
    /// threshold whose mean worth is within one standard error of the best is kept.
    /// </summary>
    private static double SelectWithoutOutOfScope(List<(double Confidence, bool Correct)> decided)
    {
        var n = decided.Count;
        if (n == 0)
        {
            return 0;
        }

        var net = decided.Count(d => d.Correct) - decided.Count(d => !d.Correct);
        var candidates = new List<(double Threshold, int Net, int Kept)> { (0, net, n) };
        for (var k = 0; k < n; k++)
        {
            net += decided[k].Correct ? -1 : 1;
            var next = k + 1 < n ? decided[k + 1].Confidence : decided[k].Confidence + 1e-9;
            if (next > decided[k].Confidence)
            {
                candidates.Add((next, net, n - k - 1));
            }
        }

        var best = candidates.MaxBy(c => c.Net);
        var mean = (double)best.Net / n;
        var standardError = Math.Sqrt(Math.Max(0, ((double)best.Kept / n) - (mean * mean)) / n);
        return candidates.First(c => (double)c.Net / n >= mean - standardError - 1e-12).Threshold;
    }
}
