namespace Switchboard.Nlu.Sentiment;

/// <summary>
/// Scores the sentiment of English, Chinese and mixed text with a built-in lexicon of customer-support language.
/// Instances are immutable and safe to share between threads.
/// </summary>
/// <remarks>
/// <para>The score is computed in these steps:</para>
/// <list type="number">
/// <item><description>The text is scanned for the longest lexicon entry at each token; Chinese needs no segmentation.
/// Polar entries carry a weight between about -3 ("terrible", "垃圾") and 3 ("excellent", "完美").</description></item>
/// <item><description>A negator ("not", "never", "no", "不", "没", "没有", "别") flips the next polar word within
/// <see cref="NegationWindow"/> units and scales it by 0.74, so "not bad" is mildly positive and "not happy" negative.
/// Entries that contain a negation keep their own meaning ("不错" is positive, "never arrived" negative).</description></item>
/// <item><description>An intensifier ("very", "extremely", "非常", "太", "很") multiplies the next polar word within two
/// units by 1.3-1.8; a diminisher ("a bit", "slightly", "有点") by 0.5-0.8.</description></item>
/// <item><description>Punctuation ends the reach of negators and modifiers. After "but" or "但是" the earlier words
/// count half and the later words one and a half times.</description></item>
/// <item><description>An English polar word in capitals ("TERRIBLE") counts 1.5 times; each "!" (at most three) adds
/// 15% to the total.</description></item>
/// <item><description>The total <c>s</c> is mapped into (-1, 1) by <c>s / sqrt(s² + 15)</c>.</description></item>
/// </list>
/// <para>
/// The label is <see cref="SentimentLabel.Neutral"/> when |score| &lt; <see cref="NeutralThreshold"/> (0.15 by
/// default); a single weak cue such as "ok" (score 0.25) is already outside the band.
/// </para>
/// </remarks>
public sealed class SentimentAnalyzer
{
    /// <summary>How many units after a negator a polar word is still negated.</summary>
    public const int NegationWindow = 3;

    private const int ModifierWindow = 2;
    private const double NegationFactor = -0.74;
    private const double ShoutFactor = 1.5;
    private const double ExclamationStep = 0.15;
    private const int MaxExclamations = 3;
    private const double BeforeContrastFactor = 0.5;
    private const double AfterContrastFactor = 1.5;
    private const double Smoothing = 15;
    private const double MinModifier = 0.25;
    private const double MaxModifier = 4;

    private readonly double _neutralThreshold = 0.15;

    /// <summary>Gets the half-width of the neutral band: scores with a smaller magnitude are labelled neutral.</summary>
    /// <value>The default is 0.15. Must be in [0, 1).</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative, 1 or more, or not a number.</exception>
    public double NeutralThreshold
    {
        get => _neutralThreshold;
        init
        {
            if (!(value >= 0 && value < 1))
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "The neutral threshold must be in [0, 1).");
            }

            _neutralThreshold = value;
        }
    }

    /// <summary>Scores the sentiment of <paramref name="text"/>.</summary>
    /// <param name="text">The text, as the user wrote it.</param>
    /// <returns>The label and a score in [-1, 1]; neutral with score 0 when the text holds no sentiment cue.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is <see langword="null"/>.</exception>
    public SentimentResult Analyze(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var total = Sum(SentimentScanner.Scan(text));
        if (total != 0)
        {
            total *= 1 + (ExclamationStep * Math.Min(CountExclamations(text), MaxExclamations));
        }

        // total / sqrt(total² + smoothing) in a form that cannot overflow: a huge total gives ±1, never NaN or -0.
        var score = Math.Abs(total) > 1e6 ? Math.Sign(total) : Math.Clamp(total / Math.Sqrt((total * total) + Smoothing), -1, 1);
        var label = score == 0 || Math.Abs(score) < _neutralThreshold ? SentimentLabel.Neutral
            : score > 0 ? SentimentLabel.Positive
            : SentimentLabel.Negative;
        return new SentimentResult(label, score);
    }

    private static double Sum(List<SentimentUnit> units)
    {
        var total = 0.0;
        var contrastFactor = 1.0;
        var negationAge = -1;
        var modifierAge = -1;
        var modifier = 1.0;
        foreach (var unit in units)
        {
            if (unit.StartsClause)
            {
                negationAge = modifierAge = -1;
                modifier = 1;
            }

            negationAge = negationAge >= 0 && negationAge < NegationWindow ? negationAge + 1 : -1;
            modifierAge = modifierAge >= 0 && modifierAge < ModifierWindow ? modifierAge + 1 : -1;
            if (modifierAge < 0)
            {
                modifier = 1;
            }

            switch (unit.Cue)
            {
                case { Kind: SentimentCueKind.Negator }:
                    negationAge = 0;
                    break;
                case { Kind: SentimentCueKind.Modifier, Value: var factor }:
                    // Chained intensifiers compound ("very very"), within bounds: 3,000 of them must not reach infinity.
                    modifier = Math.Clamp(modifierAge >= 0 ? modifier * factor : factor, MinModifier, MaxModifier);
                    modifierAge = 0;
                    break;
                case { Kind: SentimentCueKind.Contrast }:
                    total *= BeforeContrastFactor;
                    contrastFactor = AfterContrastFactor;
                    negationAge = modifierAge = -1;
                    modifier = 1;
                    break;
                case { Kind: SentimentCueKind.Polar, Value: var weight } when weight != 0:
                    var contribution = weight * modifier * contrastFactor * (unit.Shouted ? ShoutFactor : 1);
                    total += negationAge > 0 ? contribution * NegationFactor : contribution;
                    negationAge = modifierAge = -1;
                    modifier = 1;
                    break;
                default:
                    break;
            }
        }

        return total;
    }

    private static int CountExclamations(string text) => text.AsSpan().Count('!') + text.AsSpan().Count('！');
}
