namespace Switchboard.Nlu.Features;

/// <summary>The feature families; each is TF-IDF weighted and L2-normalised on its own, then concatenated.</summary>
internal enum FeatureGroup
{
    Word = 0,
    Char = 1,
}
