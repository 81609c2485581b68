using Switchboard.Nlu.Classification;
using Switchboard.Nlu.Features;

namespace Switchboard.Nlu.Tests;

public sealed class ThresholdSelectorTests
{
    // Two classes, temperature 1: scores (s, 0) give class 0 the probability 1 / (1 + e^-s).
    private static readonly IntentClassifier Model = new(
        TfidfVectorizer.Fit(new FeatureOptions(), ["a", "b"]), ["a", "b"], -1, new float[2 * 2 * 100], new float[2], 1.0, 0);

    private static readonly double High = 1 / (1 + Math.Exp(-3)); // 0.953

    [Fact]
    public void Select_NoOutOfScopeExamples_DeclinesWhereItWasMoreOftenWrongThanRight()
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

    [Theory]
    [InlineData(1, false)] // 9 examples: declining the 0.550 group gains 1/9, less than one standard error (0.157)
    [InlineData(40, true)] // the same proportions in 360 examples: the gain is clear, the boundary is kept
    public void Select_NoOutOfScopeExamples_KeepsTheLowestThresholdWithinOneStandardError(int copies, bool rejects)
    {
        // Per copy: six right answers at 0.953, and at 0.550 two wrong answers and one right one.
        var examples = Enumerable.Range(0, copies).SelectMany(_ => new HeldOutExample[]
        {
            new([3f, 0f], 0, false), new([3f, 0f], 0, false), new([3f, 0f], 0, false),
            new([3f, 0f], 0, false), new([3f, 0f], 0, false), new([3f, 0f], 0, false),
            new([0.2f, 0f], 1, false), new([0.2f, 0f], 1, false), new([0.2f, 0f], 0, false),
        }).ToList();

        var threshold = ThresholdSelector.Select(Model, examples, 0.2);

        Assert.Equal(rejects ? High : 0, threshold, 6);
    }

    [Theory]
    [InlineData(1, false)] // 5 examples: rejecting scores 0.8125 against 0.75, within one standard error (0.162)
    [InlineData(40, true)] // 200 examples, same proportions: the standard error is 0.026 and the boundary is kept
    public void Select_WithOutOfScopeExamples_KeepsTheLowestThresholdWithinOneStandardError(int copies, bool rejects)
    {
        // Per copy: three right answers at 0.953, a right answer at 0.550 and an out-of-scope text at 0.622.
        var examples = Enumerable.Range(0, copies).SelectMany(_ => new HeldOutExample[]
        {
            new([3f, 0f], 0, false), new([3f, 0f], 0, false), new([3f, 0f], 0, false),
            new([0.2f, 0f], 0, false),
            new([0.5f, 0f], -1, true),
        }).ToList();

        var threshold = ThresholdSelector.Select(Model, examples, 0.25);

        Assert.Equal(rejects ? High : 0, threshold, 6);
    }

    [Fact]
    public void Select_NoOutOfScopeExamples_TextsTheOutOfScopeClassDeclinesDoNotMoveTheThreshold()
    {
        // Classes a, b and an out-of-scope class. Six right answers at 0.909; three in-scope texts that the
        // out-of-scope class declines (their best intent has 0.045). Raising the threshold past them changes nothing for
        // them (they are already declined), so it must not count as declining three wrong answers.
        var model = new IntentClassifier(
            TfidfVectorizer.Fit(new FeatureOptions(), ["a", "b"]), ["a", "b", "oos"], 2, new float[3 * 200], new float[3], 1.0, 0);
        var examples = Enumerable.Repeat(new HeldOutExample([3f, 0f, 0f], 0, false), 6)
            .Concat(Enumerable.Repeat(new HeldOutExample([0f, 0f, 3f], 0, false), 3))
            .ToList();

        Assert.Equal(0, ThresholdSelector.Select(model, examples, 0.2));
    }
}
