using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Switchboard.Providers.OpenAI.Wire;

namespace Switchboard.Providers.OpenAI.Tests.Wire;

public sealed class ResponseReaderTests
{
    [Fact]
    public void ReadResponse_FieldsInAnyOrder_ContentsInTheUsualOrder()
    {
        var response = Read("""
            {"usage":{"completion_tokens_details":{"reasoning_tokens":2},"total_tokens":29,"prompt_tokens":20,
              "prompt_tokens_details":{"cached_tokens":4},"completion_tokens":9},
             "choices":[{"finish_reason":"tool_calls","message":{
               "tool_calls":[{"function":{"arguments":"{\"q\":1}","name":"lookup"},"type":"function","id":"call_1"}],
               "refusal":"no","content":"text","reasoning_content":"think","role":"assistant"},"index":0}],
             "created":1719000000,"model":"m","object":"chat.completion","id":"x"}
            """);

        Assert.Equal("x", response.ResponseId);
        Assert.Equal("m", response.ModelId);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1719000000), response.CreatedAt);
        Assert.Equal(ChatFinishReason.ToolCalls, response.FinishReason);
        var contents = response.Messages.Single().Contents;
        Assert.Collection(
            contents,
            c => Assert.Equal("think", Assert.IsType<TextReasoningContent>(c).Text),
            c => Assert.Equal("text", Assert.IsType<TextContent>(c).Text),
            c => Assert.Equal("no", Assert.IsType<TextContent>(c).Text),
            c =>
            {
                var call = Assert.IsType<FunctionCallContent>(c);
                Assert.Equal("call_1", call.CallId);
                Assert.Equal("lookup", call.Name);
                Assert.Equal(1, ((JsonElement)call.Arguments!["q"]!).GetInt32());
            });
        Assert.Equal(20, response.Usage!.InputTokenCount);
        Assert.Equal(9, response.Usage.OutputTokenCount);
        Assert.Equal(29, response.Usage.TotalTokenCount);
        Assert.Equal(4, response.Usage.CachedInputTokenCount);
        Assert.Equal(2, response.Usage.ReasoningTokenCount);
    }

    [Fact]
    public void ReadResponse_OnlyTheFirstChoiceIsRead()
    {
        var response = Read("""{"choices":[{"message":{"content":"one"},"finish_reason":"stop"},{"message":{"content":"two"},"finish_reason":"length"}]}""");

        Assert.Equal("one", response.Text);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
    }

    [Fact]
    public void ReadResponse_FieldsOfAnotherTypeReadAsAbsent()
    {
        var response = Read("""
            {"id":7,"model":{"name":"m"},"created":"today","usage":[1],
             "choices":[{"finish_reason":null,"message":{"content":null,"reasoning_content":false,"tool_calls":{}}}]}
            """);

        Assert.Null(response.ResponseId);
        Assert.Null(response.ModelId);
        Assert.Null(response.CreatedAt);
        Assert.Null(response.Usage);
        Assert.Null(response.FinishReason);
        Assert.Empty(response.Messages.Single().Contents);
    }

    [Fact]
    public void ReadResponse_ARepeatedFieldReadsAsItsLastValue()
    {
        var response = Read("""{"id":"a","choices":[{"message":{"content":"x"}}],"id":"b","usage":{"total_tokens":1,"total_tokens":2}}""");

        Assert.Equal("b", response.ResponseId);
        Assert.Equal(2, response.Usage!.TotalTokenCount);
    }

    [Fact]
    public void ReadResponse_EscapedNamesAndValues_AreUnescaped()
    {
        var response = Read("""{"\u0069d":"a\"b","choices":[{"message":{"cont\u0065nt":"\u4f60\u597d"},"finish_reason":"st\u006fp"}]}""");

        Assert.Equal("a\"b", response.ResponseId);
        Assert.Equal("你好", response.Text);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
    }

    [Fact]
    public void ReadResponse_UnknownFinishReason_IsKept()
    {
        var response = Read("""{"choices":[{"message":{"content":""},"finish_reason":"eos_token"}]}""");

        Assert.Equal("eos_token", response.FinishReason!.Value.Value);
        Assert.Equal(string.Empty, response.Text);
    }

    [Fact]
    public void ReadResponse_LeadingByteOrderMark_IsSkipped()
    {
        byte[] body = [0xEF, 0xBB, 0xBF, .. """{"choices":[{"message":{"content":"hi"}}]}"""u8];

        Assert.Equal("hi", OpenAIChatResponseReader.ReadResponse(body).Text);
    }

    [Theory]
    [InlineData("""{"\udc00":1,"choices":[{"message":{"content":"x"}}]}""")]
    [InlineData("""{"choices":[{"message":{"content":"x"},"finish_reason":"\ud800"}]}""")]
    public void ReadResponse_LoneSurrogateInAnEscape_IsAJsonException(string json)
    {
        // The reader itself throws InvalidOperationException for these, when it compares or reads the text.
        Assert.ThrowsAny<JsonException>(() => Read(json));
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void ReadResponse_BlankFinishReason_IsNoReasonNotAnArgumentException(string finish)
    {
        // ChatFinishReason refuses a blank value with an ArgumentException, which the adapter does not map.
        var response = Read($$"""{"choices":[{"message":{"content":"x"},"finish_reason":"{{finish}}"}]}""");

        Assert.Null(response.FinishReason);
    }

    [Theory]
    [InlineData("""{"choices":[]}""")]
    [InlineData("""{"choices":null}""")]
    [InlineData("""{"id":"x"}""")]
    [InlineData("""{"choices":[{"message":{}}],"choices":{}}""")]
    [InlineData("""{"choices":["text"]}""")]
    [InlineData("""{"choices":[{"message":{"tool_calls":[{"id":"c"}]}}]}""")]
    [InlineData("""{"choices":[{"message":{"tool_calls":["c"]}}]}""")]
    [InlineData("""[{"choices":[]}]""")]
    [InlineData("""{"choices":[{"message":{"content":"x"}}]} {}""")]
    [InlineData("""{"choices":[{"message":{"content":"x"}}],"extra":{"a":[1,}}""")]
    [InlineData("""{"choices":[{"message":{"content":"x"}}]""")]
    [InlineData("")]
    public void ReadResponse_NotACompletion_IsAJsonException(string body)
    {
        Assert.ThrowsAny<JsonException>(() => Read(body));
    }

    [Fact]
    public void ReadResponse_EveryTruncationAndByteFlip_IsAJsonExceptionOrAResponse()
    {
        var body = Encoding.UTF8.GetBytes("""{"id":"x","model":"m","created":1,"choices":[{"index":0,"message":{"role":"assistant","content":"h\u00e9","reasoning_content":"r","tool_calls":[{"id":"c","type":"function","function":{"name":"f","arguments":"{\"a\":1}"}}]},"finish_reason":"tool_calls"}],"usage":{"prompt_tokens":1,"completion_tokens_details":{"reasoning_tokens":0}}}""");
        Assert.NotNull(OpenAIChatResponseReader.ReadResponse(body));

        ReaderDamage.AssertOnlyJsonExceptions(body, bytes => OpenAIChatResponseReader.ReadResponse(bytes));
    }

    private static ChatResponse Read(string json) => OpenAIChatResponseReader.ReadResponse(Encoding.UTF8.GetBytes(json));
}
