using Switchboard.Nlu.Data;

namespace Switchboard.Nlu.Tests;

public sealed class LabeledTextReaderTests
{
    [Fact]
    public void ReadCsv_Rfc4180QuotingCommasNewlinesAndQuotes()
    {
        var csv = "label,text\r\nrefund,\"I want my money back, now\"\r\ncomplaint,\"He said \"\"no\"\"\nthen left\"\r\n\r\ngreeting,你好\r\n";

        var examples = LabeledTextReader.ReadCsv(new StringReader(csv), "t.csv");

        Assert.Equal(3, examples.Count);
        Assert.Equal("I want my money back, now", examples[0].Text);
        Assert.Equal("He said \"no\"\nthen left", examples[1].Text);
        Assert.Equal(("你好", "greeting"), (examples[2].Text, examples[2].Label));
    }

    [Fact]
    public void ReadJsonLines_ReadsObjectsAndSkipsBlankLines()
    {
        var examples = LabeledTextReader.ReadJsonLines(new StringReader("{\"text\":\"hi\",\"label\":\"greeting\"}\n\n{\"label\":\"bye\",\"text\":\"再见\"}\n"), "t.jsonl");

        Assert.Equal(["greeting", "bye"], examples.Select(e => e.Label));
    }

    [Theory]
    [InlineData("text\nhello\n", "t.csv:1: the header must name the columns 'text' and 'label'")]
    [InlineData("text,label\nhello,greeting\nbye\n", "t.csv:3: expected 2 fields, found 1")]
    [InlineData("text,label\n\"unclosed,greeting\n", "t.csv:2: a quoted field is not closed")]
    [InlineData("text,label\n,greeting\n", "t.csv:2: the text is empty")]
    [InlineData("text,label\nhello,\n", "t.csv:2: the label is empty")]
    [InlineData("text,label\nsay \"hi\",greeting\n", "t.csv:2: a quote inside an unquoted field")]
    [InlineData("", "t.csv:1: the file is empty")]
    public void ReadCsv_Malformed_NamesFileLineAndProblem(string csv, string expected)
    {
        var exception = Assert.Throws<DataFormatException>(() => LabeledTextReader.ReadCsv(new StringReader(csv), "t.csv"));

        Assert.StartsWith(expected, exception.Message);
    }

    [Theory]
    [InlineData("{\"text\":\"a\",\"label\":\"b\"}\n{not json}\n", "t.jsonl:2: not valid JSON")]
    [InlineData("{\"text\":\"a\"}\n", "t.jsonl:1: expected an object with string fields 'text' and 'label'")]
    [InlineData("[1,2]\n", "t.jsonl:1: expected an object")]
    public void ReadJsonLines_Malformed_NamesFileLineAndProblem(string jsonl, string expected)
    {
        var exception = Assert.Throws<DataFormatException>(() => LabeledTextReader.ReadJsonLines(new StringReader(jsonl), "t.jsonl"));

        Assert.StartsWith(expected, exception.Message);
    }

    [Fact]
    public void ReadFile_Missing_SaysSo()
    {
        var exception = Assert.Throws<DataFormatException>(() => LabeledTextReader.ReadFile("/nonexistent/x.csv"));

        Assert.Contains("file not found", exception.Message);
    }
}
