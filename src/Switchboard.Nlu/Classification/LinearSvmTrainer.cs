using Switchboard.Nlu.Features;

namespace Switchboard.Nlu.Classification;

/// <summary>
/// Trains a binary L2-regularised, L2-loss (squared hinge) linear SVM by dual coordinate descent with shrinking, the
/// method of Hsieh et al. (ICML 2008) that LIBLINEAR uses. A constant bias feature of 1 is appended to every example.
/// </summary>
internal static class LinearSvmTrainer
{
    /// <summary>Returns the weights (length <paramref name="featureCount"/> + 1, the last being the bias).</summary>
    public static double[] Train(
        IReadOnlyList<SparseVector> examples,
        ReadOnlySpan<sbyte> labels,
        int featureCount,
        double cost,
        double epsilon,
        int maxIterations,
        int seed)
    {
        var n = examples.Count;
        var w = new double[featureCount + 1];
        var alpha = new double[n];
        var diagonal = 0.5 / cost;
        var qd = new double[n];
        var index = new int[n];
        for (var i = 0; i < n; i++)
        {
            qd[i] = examples[i].SquaredNorm() + 1.0 + diagonal;
            index[i] = i;
        }

        var random = new Random(seed);
        var activeSize = n;
        var maxOld = double.PositiveInfinity;
        var minOld = double.NegativeInfinity;
        for (var iteration = 0; iteration < maxIterations; iteration++)
        {
            var maxNew = double.NegativeInfinity;
            var minNew = double.PositiveInfinity;
            for (var i = 0; i < activeSize; i++)
            {
                var j = i + random.Next(activeSize - i);
                (index[i], index[j]) = (index[j], index[i]);
            }

            for (var s = 0; s < activeSize; s++)
            {
                var i = index[s];
                var x = examples[i];
                var y = (double)labels[i];
                var dot = w[featureCount];
                var indices = x.Indices;
                var values = x.Values;
                for (var k = 0; k < indices.Length; k++)
                {
                    dot += w[indices[k]] * values[k];
                }

                var gradient = y * dot - 1.0 + diagonal * alpha[i];
                var projected = 0.0;
                if (alpha[i] == 0)
                {
                    if (gradient > maxOld)
                    {
                        activeSize--;
                        (index[s], index[activeSize]) = (index[activeSize], index[s]);
                        s--;
                        continue;
                    }

                    if (gradient < 0)
                    {
                        projected = gradient;
                    }
                }
                else
                {
                    projected = gradient;
                }

                maxNew = Math.Max(maxNew, projected);
                minNew = Math.Min(minNew, projected);
                if (Math.Abs(projected) > 1e-12)
                {
                    var old = alpha[i];
                    alpha[i] = Math.Max(old - gradient / qd[i], 0.0);
                    var delta = (alpha[i] - old) * y;
                    for (var k = 0; k < indices.Length; k++)
                    {
                        w[indices[k]] += delta * values[k];
                    }

                    w[featureCount] += delta;
                }
            }

            if (maxNew - minNew <= epsilon)
            {
                if (activeSize == n)
                {
                    break;
                }

                // Converged on the shrunk set: check everything once more.
                activeSize = n;
                maxOld = double.PositiveInfinity;
                minOld = double.NegativeInfinity;
                continue;
            }

            maxOld = maxNew <= 0 ? double.PositiveInfinity : maxNew;
            minOld = minNew >= 0 ? double.NegativeInfinity : minNew;
        }

        return w;
    }
}
