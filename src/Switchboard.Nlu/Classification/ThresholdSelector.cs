namespace Switchboard.Nlu.Classification;

/// <summary>
/// Chooses the out-of-scope confidence threshold on held-out examples, never on test data.
/// <list type="bullet">
/// <item>When the held-out set has out-of-scope examples: the threshold that maximises the accuracy expected on live
/// traffic in which a share <c>s</c> of messages is out of scope: (1 − s) × in-scope accuracy + s × out-of-scope
/// recall, both measured on the held-out set. Validation sets hold far fewer out-of-scope examples than live traffic
/// (CLINC150's validation split: 3%), so their raw accuracy would under-value rejection; s is a stated prior
/// (<see cref="IntentTrainingOptions.OutOfScopeShare"/>), not something fitted.</item>
/// <item>Otherwise: the largest threshold that rejects no correctly classified held-out example, i.e. the lowest
/// confidence of a correct held-out prediction. Without out-of-scope examples there is nothing to learn the boundary
/// from, so the model only declines texts it is less sure of than anything it got right; out-of-scope examples
/// (<c>--oos-label</c>) give it a real boundary.</item>
/// </list>
/// Ties go to the lower threshold (reject less).
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
            return decided.Where(d => d.Correct).Select(d => d.Confidence).DefaultIfEmpty(0).Min();
        }

        // Sweep thresholds upward: at candidate k, everything before k (lower confidence) is rejected.
        var acceptedCorrect = decided.Count(d => d.Correct);
        var acceptedWrongInScope = decided.Count(d => !d.TrulyOutOfScope && !d.Correct && !d.RejectedByClass);
        var acceptedOutOfScope = decided.Count(d => d.TrulyOutOfScope && !d.RejectedByClass);
        var bestScore = double.NegativeInfinity;
        var bestThreshold = 0.0;
        for (var k = 0; k <= decided.Count; k++)
        {
            if (k == 0 || decided[k - 1].Confidence < (k < decided.Count ? decided[k].Confidence : double.PositiveInfinity))
            {
                var threshold = k == 0 ? 0 : k < decided.Count ? decided[k].Confidence : decided[k - 1].Confidence + 1e-9;
                double score = inScope > 0
                    ? ((1 - outOfScopeShare) * acceptedCorrect / inScope) + (outOfScopeShare * (outOfScope - acceptedOutOfScope) / outOfScope)
                    : outOfScope - acceptedOutOfScope;
                if (score > bestScore + 1e-12)
                {
                    bestScore = score;
                    bestThreshold = threshold;
                }
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
                else
                {
                    acceptedWrongInScope--;
                }
            }
        }

        return bestThreshold;
    }
}
