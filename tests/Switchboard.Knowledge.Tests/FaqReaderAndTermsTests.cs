using Switchboard.Nlu.Data;

namespace Switchboard.Knowledge.Tests;

public sealed class FaqReaderAndTermsTests
{
    [Fact]
    public void Read_ValidLines_ReadsEveryField()
    {
        var entries = FaqReader.Read(new StringReader(
            "{\"id\":\"a\",\"question\":\"Q?\",\"alternates\":[\"q1\",\"q2\"],\"answer\":\"A.\",\"category\":\"c\",\"tags\":[\"t\"]}\n\n{\"id\":\"b\",\"question\":\"问\",\"answer\":\"答\"}\n"), "faq.jsonl");

        Assert.Equal(2, entries.Count);
        Assert.Equal(["q1", "q2"], entries[0].Alternates);
        Assert.Equal("c", entries[0].Category);
        Assert.Empty(entries[1].Alternates);
        Assert.Null(entries[1].Category);
    }

    [Theory]
    [InlineData("{oops}\n", "faq.jsonl:1: not valid JSON")]
    [InlineData("{\"question\":\"q\",\"answer\":\"a\"}\n", "faq.jsonl:1: 'id' must be a non-empty string")]
    [InlineData("{\"id\":\"a\",\"question\":\"q\",\"answer\":\"\"}\n", "faq.jsonl:1: 'answer' must be a non-empty string")]
    [InlineData("{\"id\":\"a\",\"question\":\"q\",\"answer\":\"x\",\"alternates\":\"nope\"}\n", "faq.jsonl:1: 'alternates' must be an array of strings")]
    [InlineData("{\"id\":\"a\",\"question\":\"q\",\"answer\":\"x\"}\n{\"id\":\"a\",\"question\":\"q\",\"answer\":\"x\"}\n", "faq.jsonl:2: the id 'a' is used twice")]
    [InlineData("[1]\n", "faq.jsonl:1: expected a JSON object")]
    public void Read_Malformed_NamesFileLineAndProblem(string content, string expected)
    {
        var exception = Assert.Throws<DataFormatException>(() => FaqReader.Read(new StringReader(content), "faq.jsonl"));

        Assert.StartsWith(expected, exception.Message);
    }

    [Fact]
    public void Terms_EnglishWordsAndChineseBigrams()
    {
        Assert.Equal(["where", "is", "my", "订单", "单在", "在哪", "哪里", "ord", "123"], SearchTerms.Of("Where is my 订单在哪里? ORD-123"));
        Assert.Equal(["退"], SearchTerms.Of("退"));
    }

    [Fact]
    public void MatchAny_QuotesEveryTerm()
    {
        Assert.Equal("\"a\" OR \"b\"\"c\"", SearchTerms.MatchAny(["a", "b\"c"]));
    }
}
