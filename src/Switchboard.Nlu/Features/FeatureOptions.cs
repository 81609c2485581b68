namespace Switchboard.Nlu.Features;

/// <summary>Which n-grams become features. Stored in the model file, so a loaded model extracts what it was trained on.</summary>
public sealed record FeatureOptions
{
    /// <summary>Gets the word n-gram sizes (tokens; a CJK character counts as a token).</summary>
    /// <value>The default is 1 to 2.</value>
    public int MinWordNgram { get; init; } = 1;

    /// <summary>Gets the largest word n-gram.</summary>
    public int MaxWordNgram { get; init; } = 2;

    /// <summary>Gets the smallest character n-gram inside a space-padded word (scikit-learn's <c>char_wb</c>).</summary>
    /// <value>The default is 2 to 5.</value>
    public int MinCharNgram { get; init; } = 2;

    /// <summary>Gets the largest character n-gram inside a padded word.</summary>
    public int MaxCharNgram { get; init; } = 5;

    /// <summary>Gets the largest character n-gram over a run of CJK characters (from 2; unigrams are word features).</summary>
    /// <value>The default is 3.</value>
    public int MaxCjkNgram { get; init; } = 3;

    /// <summary>Gets the fewest training texts a feature must occur in to be kept.</summary>
    /// <value>The default is 1.</value>
    public int MinDocumentFrequency { get; init; } = 1;

    /// <summary>
    /// Gets a value indicating whether a number of two or more digits ("00123842", "#37777", "$350") becomes one
    /// placeholder token, for word and character n-grams alike, so that the particular order numbers, amounts and
    /// bill numbers in a few examples are not learnt as evidence for their intent.
    /// </summary>
    /// <value>
    /// The default is <see langword="false"/>. It helps when each intent has only a handful of examples (a knowledge
    /// base entry's phrasings, where the knowledge base search turns it on); with hundreds of examples per
    /// intent it changed top-intent accuracy on the validation splits by at most 0.03 points.
    /// </value>
    public bool NumberPlaceholders { get; init; }

    /// <summary>
    /// Gets a value indicating whether word n-grams are built from English stems (<see cref="Text.EnglishStemmer"/>),
    /// so that "invoices" and "invoice" share a feature. Character n-grams still see the word as written.
    /// </summary>
    /// <value>
    /// The default is <see langword="false"/>. It helps with a handful of examples per intent; with hundreds it was
    /// mixed on the validation splits (banking77 −0.31 points, snips ±0, clinc150 +0.07), because the inflection
    /// itself can carry meaning.
    /// </value>
    public bool StemWords { get; init; }

    /// <summary>Throws when a setting is outside what a model file can hold, naming the setting.</summary>
    /// <exception cref="ArgumentException">A setting is out of range.</exception>
    public void Validate()
    {
        Check(MinWordNgram, 1, 8, "smallest word n-gram");
        Check(MaxWordNgram, 0, 8, "largest word n-gram");
        Check(MinCharNgram, 1, 16, "smallest character n-gram");
        Check(MaxCharNgram, 0, 16, "largest character n-gram");
        Check(MaxCjkNgram, 0, 16, "largest CJK n-gram");
        Check(MinDocumentFrequency, 1, int.MaxValue, "minimum document frequency");
    }

    private static void Check(int value, int min, int max, string name)
    {
        if (value < min || value > max)
        {
            throw new ArgumentException(max == int.MaxValue
                ? $"The {name} must be at least {min} (it is {value})."
                : $"The {name} must be between {min} and {max} (it is {value}).");
        }
    }
}
