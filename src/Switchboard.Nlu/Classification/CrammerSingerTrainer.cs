using System.Numerics;
using System.Runtime.InteropServices;
using Switchboard.Nlu.Features;

namespace Switchboard.Nlu.Classification;

/// <summary>
/// Trains a multi-class linear SVM in the formulation of Crammer and Singer (JMLR 2001): one weight vector per class,
/// all learnt together, with a single hinge loss per example on the margin between its true class and the best other
/// class. Solved in the dual by the sequential method of Keerthi et al. (KDD 2008), as LIBLINEAR's <c>-s 4</c> does:
/// one example at a time, the sub-problem over that example's dual variables has a closed-form solution. A constant bias feature of 1 is appended to every example.
/// </summary>
/// <remarks>
/// The primal is min ½ Σ_m ‖w_m‖² + C Σ_i ξ_i with w_{y_i}·x_i − w_m·x_i ≥ e_i^m − ξ_i, where e_i^m is 0 for the true
/// class and 1 otherwise. Its dual variables α_i^m satisfy Σ_m α_i^m = 0, α_i^m ≤ C for the true class and ≤ 0 for
/// the others, and w_m = Σ_i α_i^m x_i. Unlike one-vs-rest, every class's scores are trained against the others, so
/// they are comparable with each other, which is what ranking and the softmax need.
/// </remarks>
internal static class CrammerSingerTrainer
{
    /// <summary>Returns weights, feature-major (<c>[feature * classCount + class]</c>), and one bias per class.</summary>
    public static (float[] Weights, float[] Bias) Train(
        IReadOnlyList<SparseVector> examples,
        ReadOnlySpan<int> targets,
        int classCount,
        int featureCount,
        double cost,
        double epsilon,
        int maxIterations,
        int seed)
    {
        var n = examples.Count;
        var k = classCount;

        // Feature-major, the bias as an extra last feature; the stride is rounded up so every row is whole SIMD vectors.
        var stride = (k + Vector<float>.Count - 1) / Vector<float>.Count * Vector<float>.Count;
        var w = new float[(featureCount + 1) * stride];
        var alpha = new double[n * k];
        var squaredNorm = new double[n];
        var order = new int[n];
        for (var i = 0; i < n; i++)
        {
            squaredNorm[i] = examples[i].SquaredNorm() + 1.0;
            order[i] = i;
        }

        var scores = new float[stride];
        var gradient = new double[k];
        var b = new double[k];
        var d = new double[k];
        var random = new Random(seed);

        // Shrinking: an example with every dual variable at zero and a margin of at least 1 is not a support vector and
        // is left out of later passes; once the rest has converged, every example is checked again.
        var activeSize = n;
        for (var iteration = 0; iteration < maxIterations; iteration++)
        {
            var everyExample = activeSize == n;
            random.Shuffle(order.AsSpan(0, activeSize));
            var maxViolation = 0.0;
            for (var s = 0; s < activeSize; s++)
            {
                var i = order[s];
                var x = examples[i];
                var y = targets[i];
                var a = alpha.AsSpan(i * k, k);
                Scores(w, stride, featureCount, x, scores);

                // Gradient of the dual in α_i: w_m·x_i + e_i^m. The example violates optimality when the largest
                // gradient exceeds the smallest among the variables still below their bound.
                var largest = double.NegativeInfinity;
                var smallestFree = double.PositiveInfinity;
                var allZero = true;
                for (var m = 0; m < k; m++)
                {
                    var g = scores[m] + (m == y ? 0.0 : 1.0);
                    gradient[m] = g;
                    largest = Math.Max(largest, g);
                    if (a[m] < (m == y ? cost : 0))
                    {
                        smallestFree = Math.Min(smallestFree, g);
                    }

                    allZero &= a[m] == 0;
                }

                var violation = largest - smallestFree;
                if (allZero && violation <= 0)
                {
                    activeSize--;
                    (order[s], order[activeSize]) = (order[activeSize], order[s]);
                    s--;
                    continue;
                }

                maxViolation = Math.Max(maxViolation, violation);
                if (violation > 1e-12)
                {
                    Solve(gradient, a, y, cost, squaredNorm[i], b, d, x, w, stride, featureCount);
                }
            }

            if (maxViolation <= epsilon)
            {
                // Converged on the examples still active: stop if that was all of them, else check them all again.
                if (everyExample)
                {
                    break;
                }

                activeSize = n;
            }
        }

        var weights = new float[featureCount * k];
        var bias = new float[k];
        for (var f = 0; f < featureCount; f++)
        {
            for (var m = 0; m < k; m++)
            {
                weights[(f * k) + m] = w[(f * stride) + m];
            }
        }

        for (var m = 0; m < k; m++)
        {
            bias[m] = w[(featureCount * stride) + m];
        }

        return (weights, bias);
    }

    /// <summary>
    /// Minimises the dual over one example's variables: Σ_m ½ A (α^m)² + B_m α^m subject to Σ_m α^m = 0 and
    /// α^m ≤ C^m, where A = ‖x‖² and B_m = gradient_m − A α^m_old. The solution is α^m = min(C^m, (β − B_m) / A) for
    /// the β that makes the sum zero, found by taking D_m = B_m + A C^m in descending order.
    /// </summary>
    private static void Solve(
        ReadOnlySpan<double> gradient,
        Span<double> alpha,
        int y,
        double cost,
        double squaredNorm,
        double[] b,
        double[] d,
        SparseVector x,
        float[] w,
        int stride,
        int featureCount)
    {
        var k = alpha.Length;
        for (var m = 0; m < k; m++)
        {
            b[m] = gradient[m] - (squaredNorm * alpha[m]);
            d[m] = b[m] + (m == y ? squaredNorm * cost : 0);
        }

        // Classes whose D_m exceeds β are inside the set Φ whose variables are not at their bound; β is the mean that
        // balances them: β = (Σ_{m∈Φ} D_m − A C) / |Φ|. Grow Φ from the largest D while the next one still exceeds β.
        // Φ is usually a handful of classes, so picking the next largest each time beats sorting all of them.
        var sum = -squaredNorm * cost;
        var count = 0;
        while (count < k)
        {
            var next = 0;
            for (var m = 1; m < k; m++)
            {
                if (d[m] > d[next])
                {
                    next = m;
                }
            }

            if (count > 0 && d[next] <= sum / count)
            {
                break;
            }

            sum += d[next];
            d[next] = double.NegativeInfinity;
            count++;
        }

        var beta = sum / count;
        var indices = x.Indices;
        var values = x.Values;
        for (var m = 0; m < k; m++)
        {
            var bound = m == y ? cost : 0;
            var updated = Math.Min(bound, (beta - b[m]) / squaredNorm);
            var delta = updated - alpha[m];
            if (Math.Abs(delta) < 1e-12)
            {
                continue;
            }

            alpha[m] = updated;
            for (var t = 0; t < indices.Length; t++)
            {
                w[(indices[t] * stride) + m] += (float)(delta * values[t]);
            }

            w[(featureCount * stride) + m] += (float)delta;
        }
    }

    /// <summary>Computes w_m·x (bias included) for every class into <paramref name="scores"/> (length: the stride).</summary>
    private static void Scores(float[] w, int stride, int featureCount, SparseVector x, float[] scores)
    {
        var accumulator = MemoryMarshal.Cast<float, Vector<float>>(scores.AsSpan());
        var weights = w.AsSpan();
        weights.Slice(featureCount * stride, stride).CopyTo(scores);
        var indices = x.Indices;
        var values = x.Values;
        for (var t = 0; t < indices.Length; t++)
        {
            var row = MemoryMarshal.Cast<float, Vector<float>>(weights.Slice(indices[t] * stride, stride));
            var scale = new Vector<float>(values[t]);
            for (var v = 0; v < accumulator.Length; v++)
            {
                accumulator[v] += row[v] * scale;
            }
        }
    }
}
