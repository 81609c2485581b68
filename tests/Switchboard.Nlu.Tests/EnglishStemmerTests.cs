using Switchboard.Nlu.Text;

namespace Switchboard.Nlu.Tests;

public sealed class EnglishStemmerTests
{
    [Theory]
    [InlineData("invoices", "invoic")]
    [InlineData("invoice", "invoic")]
    [InlineData("removing", "remov")]
    [InlineData("removed", "remov")]
    [InlineData("remove", "remov")]
    [InlineData("cancelled", "cancell")]
    [InlineData("cancellation", "cancell")]
    [InlineData("swapping", "swap")]
    [InlineData("calling", "call")]
    [InlineData("addresses", "address")]
    [InlineData("boxes", "box")]
    [InlineData("deliveries", "delivery")]
    [InlineData("refunds", "refund")]
    [InlineData("quickly", "quick")]
    [InlineData("customer's", "customer")]
    public void Stem_ConflatesInflections(string word, string stem) =>
        Assert.Equal(stem, EnglishStemmer.Stem(word));

    [Theory]
    [InlineData("status")] // -us is not a plural
    [InlineData("analysis")] // nor is -is
    [InlineData("address")] // nor -ss
    [InlineData("bring")] // too little left before -ing
    [InlineData("red")] // short words are left alone
    [InlineData("don't")] // an inner apostrophe other than 's
    [InlineData("12345")]
    [InlineData("café")] // only ASCII letters are stemmed
    [InlineData("退款")]
    public void Stem_LeavesOtherTokensAlone(string word) =>
        Assert.Same(word, EnglishStemmer.Stem(word));

    [Fact]
    public void Stem_VeryLongToken_IsLeftAlone()
    {
        var token = new string('a', EnglishStemmer.MaxLength) + "ing";

        Assert.Same(token, EnglishStemmer.Stem(token));
    }
}
