namespace Switchboard.Nlu.Classification;

/// <summary>
/// Fits the softmax temperature that minimises the negative log-likelihood of the true class on held-out examples
/// (temperature scaling, Guo et al. 2017), by golden-section search on its logarithm.
/// </summary>
internal static class TemperatureCalibrator
{
    public const double DefaultTemperature = 10.0;

    public static double Fit(IReadOnlyList<HeldOutExample> examples)
    {
        var usable = examples.Where(e => e.TrueClass >= 0).ToList();
        if (usable.Count == 0)
        {
            return DefaultTemperature;
        }

        double Loss(double logTemperature)
        {
            var t = Math.Exp(logTemperature);
            var loss = 0.0;
            foreach (var example in usable)
            {
                var max = example.Scores.Max();
                var sum = 0.0;
                foreach (var s in example.Scores)
                {
                    sum += Math.Exp(t * (s - max));
                }

                loss -= t * (example.Scores[example.TrueClass] - max) - Math.Log(sum);
            }

            return loss;
        }

        var low = Math.Log(0.1);
        var high = Math.Log(1000);
        var ratio = (Math.Sqrt(5) - 1) / 2;
        var a = high - ratio * (high - low);
        var b = low + ratio * (high - low);
        var fa = Loss(a);
        var fb = Loss(b);
        for (var i = 0; i < 60; i++)
        {
            if (fa < fb)
            {
                high = b;
                b = a;
                fb = fa;
                a = high - ratio * (high - low);
                fa = Loss(a);
            }
            else
            {
                low = a;
                a = b;
                fa = fb;
                b = low + ratio * (high - low);
                fb = Loss(b);
            }
        }

        return Math.Exp((low + high) / 2);
    }
}
