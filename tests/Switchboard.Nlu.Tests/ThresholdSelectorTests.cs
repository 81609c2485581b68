using Switchboard.Nlu.Classification;
using Switchboard.Nlu.Features;

namespace Switchboard.Nlu.Tests;

public sealed class ThresholdSelectorTests
{
    // Two classes, temperature 1: scores (s, 0) give class 0 the probability 1 / (1 + e^-s).
    private static readonly IntentClassifier Model = new(
        TfidfVectorizer.Fit(new FeatureOptions(), ["a", "b"]), ["a", "b"], -1, new float[2 * 2 * 100], new float[2], 1.0, 0);

    [Fact]
    public void Select_NoOutOfScopeExamples_RejectsNothingItGotRight()
    {
        HeldOutExample[] examples =
        [
            new([3f, 0f], 0, false), // p = 0.953, right
            new([1f, 0f], 0, false), // p = 0.731, right
            new([0.2f, 0f], 1, false), // p = 0.550, wrong
        ];

        var threshold = ThresholdSelector.Select(Model, examples, 0.2);

        Assert.Equal(1 / (1 + Math.Exp(-1)), threshold, 6);
    }

    [Fact]
    public void Select_WithOutOfScopeExamples_WeighsRecallByTheShare()
    {
        HeldOutExample[] examples =
        [
            new([3f, 0f], 0, false), // in scope, right, p = 0.953
            new([0.2f, 0f], 0, false), // in scope, right, p = 0.550
            new([0.5f, 0f], -1, true), // out of scope, p = 0.622: more confident than a right answer
        ];

        // Rejecting the out-of-scope example also rejects the right answer at 0.550. Share 0.2: accepting all scores
        // 0.8 against 0.8 x 1/2 + 0.2 = 0.6, so nothing is rejected. Share 0.9: 0.1 against 0.1 x 1/2 + 0.9 = 0.95.
        var low = ThresholdSelector.Select(Model, examples, 0.2);
        var high = ThresholdSelector.Select(Model, examples, 0.9);

        Assert.Equal(0, low);
        Assert.Equal(1 / (1 + Math.Exp(-3)), high, 6);
    }
}
