using Switchboard.Nlu.Sentiment;

namespace Switchboard.Nlu.Tests.Sentiment;

public sealed class SentimentLexiconTests
{
    [Fact]
    public void Entries_BothLanguages_HaveSubstantialPolarVocabulary()
    {
        var polar = SentimentLexicon.Entries.Where(entry => entry.Value.Kind == SentimentCueKind.Polar && entry.Value.Value != 0).ToList();
        var chinese = polar.Count(entry => entry.Key.Any(c => c >= '\u4E00'));

        Assert.InRange(polar.Count - chinese, 150, 400);
        Assert.InRange(chinese, 150, 400);
    }

    [Fact]
    public void Entries_AllKeys_AreInNormalizedForm()
    {
        Assert.All(SentimentLexicon.Entries.Keys, key => Assert.Equal(Text.TextNormalizer.Normalize(key), key));
    }

    [Fact]
    public void Entries_ChineseLookalikes_AreShieldedByLongerNeutralEntries()
    {
        Assert.Equal(0, SentimentLexicon.Entries["快递"].Value);
        Assert.Equal(0, SentimentLexicon.Entries["不好意思"].Value);
        Assert.Equal(SentimentCueKind.Contrast, SentimentLexicon.Entries["不过"].Kind);
    }
}
