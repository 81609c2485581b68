namespace Switchboard.Nlu.Evaluation;

/// <summary>How a classifier did on a labelled test set.</summary>
/// <param name="Examples">Test examples.</param>
/// <param name="Accuracy">Fraction predicted exactly (an out-of-scope example counts as right when rejected).</param>
/// <param name="MacroF1">F1 averaged over the labels of the test set (out-of-scope included as a label).</param>
/// <param name="InScopeAccuracy">Accuracy on in-scope examples only (a rejection counts as wrong).</param>
/// <param name="OutOfScopePrecision">Of the texts rejected, the fraction truly out of scope; null without out-of-scope examples.</param>
/// <param name="OutOfScopeRecall">Of the truly out-of-scope texts, the fraction rejected; null without them.</param>
/// <param name="OutOfScopeF1">The F1 of the two above; null without out-of-scope examples.</param>
/// <param name="TopIntentAccuracy">Accuracy of the best-ranked intent on in-scope examples, ignoring the threshold: what the ranking alone gets right.</param>
/// <param name="LatencyP50Microseconds">Median single-text prediction time (features and scoring), in microseconds.</param>
/// <param name="LatencyP99Microseconds">99th percentile of the same.</param>
public sealed record IntentEvaluationReport(
    int Examples,
    double Accuracy,
    double MacroF1,
    double InScopeAccuracy,
    double? OutOfScopePrecision,
    double? OutOfScopeRecall,
    double? OutOfScopeF1,
    double TopIntentAccuracy,
    double LatencyP50Microseconds,
    double LatencyP99Microseconds);
