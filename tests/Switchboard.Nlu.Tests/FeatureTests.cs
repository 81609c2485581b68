using Switchboard.Nlu.Features;

namespace Switchboard.Nlu.Tests;

public sealed class FeatureTests
{
    [Fact]
    public void Extract_EnglishWord_YieldsWordNgramsAndPaddedCharNgrams()
    {
        var ngrams = new List<(ulong, FeatureGroup Group)>();
        new NgramExtractor(new FeatureOptions()).Extract("Hi", ngrams);

        // word: "hi"; char_wb 2-5 of " hi ": 3 + 2 + 1 + 0.
        Assert.Equal(1, ngrams.Count(n => n.Group == FeatureGroup.Word));
        Assert.Equal(6, ngrams.Count(n => n.Group == FeatureGroup.Char));
    }

    [Fact]
    public void Extract_TwoWords_AddsTheBigram()
    {
        var one = new List<(ulong, FeatureGroup Group)>();
        var two = new List<(ulong, FeatureGroup Group)>();
        new NgramExtractor(new FeatureOptions()).Extract("refund", one);
        new NgramExtractor(new FeatureOptions()).Extract("refund please", two);

        Assert.Equal(1, one.Count(n => n.Group == FeatureGroup.Word));
        Assert.Equal(3, two.Count(n => n.Group == FeatureGroup.Word));
    }

    [Fact]
    public void Extract_ChineseRun_YieldsCharacterBigramsAndTrigrams()
    {
        var ngrams = new List<(ulong, FeatureGroup Group)>();
        new NgramExtractor(new FeatureOptions()).Extract("我要退款", ngrams);

        // words: 4 characters + 3 character bigrams (as word bigrams); CJK run: 3 bigrams + 2 trigrams.
        Assert.Equal(7, ngrams.Count(n => n.Group == FeatureGroup.Word));
        Assert.Equal(5, ngrams.Count(n => n.Group == FeatureGroup.Char));
    }

    [Fact]
    public void Extract_SameTextDifferentWidthAndCase_SameFeatures()
    {
        var a = new List<(ulong, FeatureGroup)>();
        var b = new List<(ulong, FeatureGroup)>();
        new NgramExtractor(new FeatureOptions()).Extract("Refund ORDER 123", a);
        new NgramExtractor(new FeatureOptions()).Extract("ｒｅｆｕｎｄ order １２３", b);

        Assert.Equal(a, b);
    }

    [Fact]
    public void Extract_NumberPlaceholders_MakeDifferentNumbersTheSame()
    {
        var on = new FeatureOptions { NumberPlaceholders = true };

        Assert.Equal(Ngrams(on, "cancel order 00123842"), Ngrams(on, "cancel order 7329"));
        Assert.NotEqual(Ngrams(new FeatureOptions(), "cancel order 00123842"), Ngrams(new FeatureOptions(), "cancel order 7329"));

        // A single digit is a word ("3 items"), and a number inside a word ("of350") is not replaced.
        Assert.NotEqual(Ngrams(on, "cancel 3 items"), Ngrams(on, "cancel 4 items"));
        Assert.NotEqual(Ngrams(on, "compensation of350"), Ngrams(on, "compensation of299"));
    }

    [Fact]
    public void Extract_StemWords_SharesWordFeaturesButNotCharacterFeatures()
    {
        var on = new FeatureOptions { StemWords = true };

        var plural = Ngrams(on, "download invoices");
        var singular = Ngrams(on, "download invoice");

        Assert.Equal(plural.Where(n => n.Group == FeatureGroup.Word), singular.Where(n => n.Group == FeatureGroup.Word));
        Assert.NotEqual(plural.Where(n => n.Group == FeatureGroup.Char), singular.Where(n => n.Group == FeatureGroup.Char));
        Assert.NotEqual(
            Ngrams(new FeatureOptions(), "download invoices").Where(n => n.Group == FeatureGroup.Word),
            Ngrams(new FeatureOptions(), "download invoice").Where(n => n.Group == FeatureGroup.Word));
    }

    private static List<(ulong Hash, FeatureGroup Group)> Ngrams(FeatureOptions options, string text)
    {
        var ngrams = new List<(ulong, FeatureGroup)>();
        new NgramExtractor(options).Extract(text, ngrams);
        return ngrams;
    }

    [Fact]
    public void Transform_GroupsAreUnitLengthAndUnknownNgramsIgnored()
    {
        var vectorizer = TfidfVectorizer.Fit(new FeatureOptions(), ["where is my order", "cancel my order", "我要退款"]);

        var x = vectorizer.Transform("where is my order zzzz");

        var word = x.Indices.Select((f, i) => (f, v: x.Values[i])).Where(p => p.f < vectorizer.WordFeatureCount).Sum(p => (double)p.v * p.v);
        var chars = x.Indices.Select((f, i) => (f, v: x.Values[i])).Where(p => p.f >= vectorizer.WordFeatureCount).Sum(p => (double)p.v * p.v);
        Assert.Equal(1.0, word, 5);
        Assert.Equal(1.0, chars, 5);
        Assert.Equal(x.Indices.Order(), x.Indices);
        Assert.Empty(vectorizer.Transform("qqqq xxxx").Indices);
    }

    [Fact]
    public void Transform_RareFeaturesWeighMoreThanCommonOnes()
    {
        var vectorizer = TfidfVectorizer.Fit(new FeatureOptions { MaxCharNgram = 1, MinCharNgram = 2 }, ["my order", "my refund", "my address"]);

        var x = vectorizer.Transform("my refund");
        var values = x.Indices.Zip(x.Values).ToDictionary(p => p.First, p => p.Second);

        Assert.Equal(3, values.Count); // my, refund, "my refund"
        Assert.True(values.Values.Max() > values.Values.Min());
    }
}
