using Switchboard.Nlu.Classification;
using Switchboard.Nlu.Features;

namespace Switchboard.Nlu.Tests;

public sealed class CrammerSingerTrainerTests
{
    // Three classes on three features; each example has its class's feature set, plus noise on the others.
    private static readonly SparseVector[] Examples =
    [
        new([0], [1f]), new([0, 1], [1f, 0.2f]), new([0, 2], [0.9f, 0.1f]),
        new([1], [1f]), new([1, 2], [1f, 0.3f]), new([0, 1], [0.1f, 0.8f]),
        new([2], [1f]), new([0, 2], [0.2f, 1f]), new([1, 2], [0.1f, 0.9f]),
    ];

    private static readonly int[] Targets = [0, 0, 0, 1, 1, 1, 2, 2, 2];

    [Fact]
    public void Train_SeparableData_ScoresEveryExampleHighestForItsClassWithAMargin()
    {
        var (weights, bias) = CrammerSingerTrainer.Train(Examples, Targets, 3, 3, cost: 10, epsilon: 1e-4, maxIterations: 1000, seed: 1);

        for (var i = 0; i < Examples.Length; i++)
        {
            var scores = Score(weights, bias, Examples[i]);
            var others = scores.Where((_, c) => c != Targets[i]).Max();

            // At a high cost the hard-margin constraints hold up to the solver's tolerance: w_y·x − w_m·x ≥ 1.
            Assert.True(scores[Targets[i]] - others > 0.99, $"example {i}: margin {scores[Targets[i]] - others}");
        }
    }

    [Fact]
    public void Train_SoftMargin_NoScaledSolutionHasALowerPrimalObjective()
    {
        // A small cost leaves margin violations. At the optimum of ½‖W‖² + C Σ max(0, max_m (e^m + w_m·x − w_y·x)),
        // neither shrinking nor growing the weights can lower the objective, nor can zero weights (objective C n).
        const double Cost = 0.1;
        var (weights, bias) = CrammerSingerTrainer.Train(Examples, Targets, 3, 3, Cost, epsilon: 1e-5, maxIterations: 10_000, seed: 1);

        var optimum = Objective(1.0);
        Assert.True(optimum < Cost * Examples.Length);
        Assert.True(optimum <= Objective(0.9) + 1e-4, $"{optimum} against {Objective(0.9)} at 0.9");
        Assert.True(optimum <= Objective(1.1) + 1e-4, $"{optimum} against {Objective(1.1)} at 1.1");

        double Objective(double scale)
        {
            var w = weights.Select(v => (float)(v * scale)).ToArray();
            var b = bias.Select(v => (float)(v * scale)).ToArray();
            var squaredNorm = w.Sum(v => (double)v * v) + b.Sum(v => (double)v * v);
            var loss = Examples.Select((x, i) =>
            {
                var scores = Score(w, b, x);
                return Math.Max(0, scores.Select((s, c) => s + (c == Targets[i] ? 0 : 1) - scores[Targets[i]]).Max());
            }).Sum();
            return (0.5 * squaredNorm) + (Cost * loss);
        }
    }

    [Fact]
    public void Train_SameSeed_SameWeights()
    {
        var first = CrammerSingerTrainer.Train(Examples, Targets, 3, 3, 0.5, 0.1, 1000, seed: 7);
        var second = CrammerSingerTrainer.Train(Examples, Targets, 3, 3, 0.5, 0.1, 1000, seed: 7);

        Assert.Equal(first.Weights, second.Weights);
        Assert.Equal(first.Bias, second.Bias);
    }

    [Fact]
    public void Train_ThroughTheTrainer_BothSolversLearnTheFixture()
    {
        foreach (var solver in Enum.GetValues<LinearSolver>())
        {
            var (classifier, _) = IntentClassifierTrainer.Train(Fixtures.Train, Fixtures.Valid, Fixtures.Options with { Solver = solver });

            Assert.Equal("cancel_order", classifier.Predict("please cancel my order").Intent);
            Assert.Equal("track_order", classifier.Predict("我的包裹到哪里了").Intent);
        }
    }

    private static double[] Score(float[] weights, float[] bias, SparseVector x)
    {
        var scores = bias.Select(b => (double)b).ToArray();
        for (var t = 0; t < x.Indices.Length; t++)
        {
            for (var c = 0; c < scores.Length; c++)
            {
                scores[c] += weights[(x.Indices[t] * scores.Length) + c] * x.Values[t];
            }
        }

        return scores;
    }
}
