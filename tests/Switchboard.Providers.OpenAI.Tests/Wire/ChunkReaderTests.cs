using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Switchboard.Abstractions.Chat;
using Switchboard.Providers.OpenAI.Wire;

namespace Switchboard.Providers.OpenAI.Tests.Wire;

public sealed class ChunkReaderTests
{
    private readonly OpenAIChunkReader _reader = new();

    [Fact]
    public void TryRead_TextChunk()
    {
        var update = Read("""{"id":"c","object":"chat.completion.chunk","created":5,"model":"m","choices":[{"index":0,"delta":{"role":"assistant","content":"Hi"},"logprobs":null,"finish_reason":null}]}""");

        Assert.Equal("c", update.ResponseId);
        Assert.Equal("m", update.ModelId);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(5), update.CreatedAt);
        Assert.Equal(ChatRole.Assistant, update.Role);
        Assert.Equal("Hi", Assert.IsType<TextContent>(Assert.Single(update.Contents)).Text);
        Assert.Null(update.FinishReason);
    }

    [Fact]
    public void TryRead_FieldsInAnyOrder_ContentsInTheUsualOrder()
    {
        var update = Read("""
            {"usage":{"prompt_tokens":5,"completion_tokens":6,"total_tokens":11},
             "choices":[{"finish_reason":"length","delta":{"tool_calls":[{"function":{"arguments":"{","name":"f"},"id":"call_1","index":2}],
               "content":"text","reasoning_content":"think","role":"tool"}}]}
            """);

        Assert.Equal(new ChatRole("tool"), update.Role);
        Assert.Equal(ChatFinishReason.Length, update.FinishReason);
        Assert.Collection(
            update.Contents,
            c => Assert.Equal("think", Assert.IsType<TextReasoningContent>(c).Text),
            c => Assert.Equal("text", Assert.IsType<TextContent>(c).Text),
            c =>
            {
                var fragment = Assert.IsType<FunctionCallUpdateContent>(c);
                Assert.Equal(2, fragment.Index);
                Assert.Equal("call_1", fragment.CallId);
                Assert.Equal("f", fragment.Name);
                Assert.Equal("{", fragment.ArgumentsFragment);
            },
            c => Assert.Equal(11, Assert.IsType<UsageContent>(c).Details.TotalTokenCount));
    }

    [Fact]
    public void TryRead_ToolCallsWithoutIndex_AreNumberedInTheOrderTheyStart()
    {
        var update = Read("""{"choices":[{"delta":{"tool_calls":[{"index":3,"function":{"name":"a"}},{"function":{"name":"b"}},{"index":-1,"id":"x"}]}}]}""");

        Assert.Equal([3, 0, 1], update.Contents.OfType<FunctionCallUpdateContent>().Select(c => c.Index));
    }

    [Fact]
    public void TryRead_AzuresOpeningChunkWithEmptyIdModelAndTime_SaysNothingOfThem()
    {
        var update = Read("""{"choices":[],"created":0,"id":"","model":"","object":"","prompt_filter_results":[{"prompt_index":0,"content_filter_results":{}}]}""");

        Assert.Null(update.ResponseId);
        Assert.Null(update.ModelId);
        Assert.Null(update.CreatedAt);
    }

    [Fact]
    public void TryRead_ParallelCallsWithoutIndexInChunksOfTheirOwn_KeepApart()
    {
        // Gemini's OpenAI-compatible endpoint: each call in its own chunk, none with an index.
        var reader = new OpenAIChunkReader();
        string[] chunks =
        [
            """{"choices":[{"delta":{"tool_calls":[{"id":"call_a","type":"function","function":{"name":"weather","arguments":"{\"city\":"}}]}}]}""",
            """{"choices":[{"delta":{"tool_calls":[{"function":{"arguments":"\"Paris\"}"}}]}}]}""",
            """{"choices":[{"delta":{"tool_calls":[{"id":"call_b","type":"function","function":{"name":"weather","arguments":"{\"city\":\"Rome\"}"}}]}}]}""",
            """{"choices":[{"delta":{"tool_calls":[{"id":"call_a","function":{"arguments":""}}]}}]}""",
        ];

        var indices = chunks.Select(chunk =>
        {
            Assert.True(reader.TryRead(Encoding.UTF8.GetBytes(chunk), out var update));
            return Assert.Single(update.Contents.OfType<FunctionCallUpdateContent>()).Index;
        });

        Assert.Equal([0, 0, 1, 0], indices);
    }

    [Fact]
    public void TryRead_EmptyTextAndReasoning_AreLeftOut()
    {
        var update = Read("""{"choices":[{"delta":{"role":"assistant","content":"","reasoning_content":""}}]}""");

        Assert.Empty(update.Contents);
        Assert.Equal(ChatRole.Assistant, update.Role);
    }

    [Fact]
    public void TryRead_UsageChunkWithoutChoices()
    {
        var update = Read("""{"id":"c","choices":[],"usage":{"prompt_tokens":5,"completion_tokens":6,"total_tokens":11,"prompt_tokens_details":{"cached_tokens":1}}}""");

        var usage = Assert.IsType<UsageContent>(Assert.Single(update.Contents)).Details;
        Assert.Equal(5, usage.InputTokenCount);
        Assert.Equal(6, usage.OutputTokenCount);
        Assert.Equal(1, usage.CachedInputTokenCount);
        Assert.Null(update.FinishReason);
    }

    [Fact]
    public void TryRead_RepeatedIdAndModel_ReuseTheStringUntilTheyChange()
    {
        var first = Read("""{"id":"chatcmpl-1","model":"m","choices":[]}""");
        var second = Read("""{"id":"chatcmpl-1","model":"m","choices":[]}""");
        var third = Read("""{"id":"chatcmpl-2","model":"m","choices":[]}""");
        var escaped = Read("""{"id":"chatcmpl-\u0032","model":"m2","choices":[]}""");
        var absent = Read("""{"choices":[]}""");

        Assert.Same(first.ResponseId, second.ResponseId);
        Assert.Same(first.ModelId, third.ModelId);
        Assert.Equal("chatcmpl-2", third.ResponseId);
        Assert.Equal("chatcmpl-2", escaped.ResponseId);
        Assert.Equal("m2", escaped.ModelId);
        Assert.Null(absent.ResponseId);
    }

    [Fact]
    public void TryRead_FieldsOfAnotherTypeReadAsAbsent()
    {
        var update = Read("""{"id":1,"model":null,"created":1719000000000,"choices":[{"delta":{"role":7,"content":["a"],"tool_calls":{}},"finish_reason":3}],"usage":"none"}""");

        Assert.Null(update.ResponseId);
        Assert.Null(update.ModelId);
        Assert.Null(update.CreatedAt);
        Assert.Null(update.Role);
        Assert.Null(update.FinishReason);
        Assert.Empty(update.Contents);
    }

    [Fact]
    public void TryRead_BlankRoleAndFinishReason_AreAbsentNotAnArgumentException()
    {
        var update = Read("""{"choices":[{"delta":{"role":" ","content":"a"},"finish_reason":""}]}""");

        Assert.Null(update.Role);
        Assert.Null(update.FinishReason);
        Assert.Equal("a", update.Text);
    }

    [Fact]
    public void TryRead_InvalidUtf8InAString_IsAJsonException()
    {
        byte[] chunk = [.. "{\"id\":\""u8, 0xE4, 0xBD, .. "\",\"choices\":[]}"u8];

        Assert.ThrowsAny<JsonException>(() => _reader.TryRead(chunk, out _));
    }

    [Theory]
    [InlineData("""{"error":{"message":"overloaded"}}""")]
    [InlineData("""{"id":"c","error":"overloaded","choices":[]}""")]
    public void TryRead_ErrorObject_ReturnsFalse(string json)
    {
        Assert.False(_reader.TryRead(Encoding.UTF8.GetBytes(json), out var update));
        Assert.Null(update);
    }

    [Theory]
    [InlineData("""{"error":""")]
    [InlineData("""{"error":{"message":"x"}""")]
    [InlineData("""{"error":{"message":"x"},"id":tru}""")]
    public void TryRead_MalformedErrorChunk_IsAJsonExceptionNotAnUpstreamError(string json)
    {
        // A cut-off chunk is an invalid response whatever it holds; only a whole error object is the upstream's error.
        Assert.ThrowsAny<JsonException>(() => _reader.TryRead(Encoding.UTF8.GetBytes(json), out _));
    }

    [Theory]
    [InlineData("""{"\udc00":1,"choices":[]}""")]
    [InlineData("""{"id":"\ud800","choices":[]}""")]
    public void TryRead_LoneSurrogateInAnEscape_IsAJsonException(string json)
    {
        Assert.ThrowsAny<JsonException>(() => _reader.TryRead(Encoding.UTF8.GetBytes(json), out _));
    }

    [Theory]
    [InlineData("""[1]""")]
    [InlineData("""{"choices":["text"]}""")]
    [InlineData("""{"choices":[{"delta":{"tool_calls":[1]}}]}""")]
    [InlineData("""{"choices":[]}{"choices":[]}""")]
    [InlineData("""{"choices":[],"x":tru}""")]
    [InlineData("""{"choices":[]""")]
    public void TryRead_NotAChunk_IsAJsonException(string json)
    {
        Assert.ThrowsAny<JsonException>(() => Read(json));
    }

    [Fact]
    public void TryRead_EveryTruncationAndByteFlip_IsAJsonExceptionOrAnUpdate()
    {
        var chunk = Encoding.UTF8.GetBytes("""{"id":"c","model":"m","created":1,"choices":[{"index":0,"delta":{"role":"assistant","content":"h\u00e9 你","tool_calls":[{"index":0,"id":"x","function":{"name":"f","arguments":"{}"}}]},"finish_reason":null}],"usage":{"prompt_tokens":1,"prompt_tokens_details":{"cached_tokens":0}}}""");
        Assert.True(_reader.TryRead(chunk, out _));

        ReaderDamage.AssertOnlyJsonExceptions(chunk, bytes => _reader.TryRead(bytes, out _));
    }

    private ChatResponseUpdate Read(string json)
    {
        Assert.True(_reader.TryRead(Encoding.UTF8.GetBytes(json), out var update));
        return update;
    }
}
