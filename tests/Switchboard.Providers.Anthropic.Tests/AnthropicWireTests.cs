using System.Buffers;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Switchboard.Abstractions.Chat;
using Switchboard.Abstractions.Errors;
using Switchboard.Providers.Anthropic.Wire;

namespace Switchboard.Providers.Anthropic.Tests;

public sealed class AnthropicWireTests
{
    [Fact]
    public void Write_BrokenToolArguments_AreSentAsAnEmptyObject()
    {
        var sent = Write([
            new ChatMessage(ChatRole.User, "hi"),
            new ChatMessage(ChatRole.Assistant, [ToolCallArguments.CreateCall("t1", "f", "{not json")]),
            new ChatMessage(ChatRole.Tool, [new FunctionResultContent("t1", "done")]),
        ]);

        var toolUse = sent.GetProperty("messages")[1].GetProperty("content")[0];
        Assert.Equal(JsonValueKind.Object, toolUse.GetProperty("input").ValueKind);
        Assert.Empty(toolUse.GetProperty("input").EnumerateObject());
    }

    [Fact]
    public void Write_ToolModeNone_SendsNoTools()
    {
        var sent = Write([new ChatMessage(ChatRole.User, "hi")], new ChatOptions
        {
            ModelId = "m",
            Tools = [new ToolDeclaration("f", null, null)],
            ToolMode = ChatToolMode.None,
        });

        Assert.False(sent.TryGetProperty("tools", out _));
        Assert.False(sent.TryGetProperty("tool_choice", out _));
    }

    [Fact]
    public void Write_ImageData_BecomesABase64ImageBlock()
    {
        var sent = Write([new ChatMessage(ChatRole.User, [new TextContent("what is this"), new DataContent("data:image/png;base64,iVBORw0KGgo=")])]);

        var image = sent.GetProperty("messages")[0].GetProperty("content")[1];
        Assert.Equal("image", image.GetProperty("type").GetString());
        Assert.Equal("image/png", image.GetProperty("source").GetProperty("media_type").GetString());
        Assert.Equal("iVBORw0KGgo=", image.GetProperty("source").GetProperty("data").GetString());
    }

    [Fact]
    public void Write_ContentTheApiCannotCarry_IsAClearInvalidRequest()
    {
        var exception = Assert.Throws<UpstreamException>(() => Write([new ChatMessage(ChatRole.User, [new DataContent("data:audio/wav;base64,AAAA")])]));

        Assert.Equal(UpstreamErrorKind.InvalidRequest, exception.Kind);
        Assert.Contains("cannot take message content", exception.Message);
    }

    [Fact]
    public void StreamState_DeltaForATextBlockAsToolInput_IsRejected()
    {
        var state = new AnthropicStreamState();
        state.Read(Utf8("""{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}"""));

        Assert.Throws<JsonException>(() => state.Read(Utf8("""{"type":"content_block_delta","index":0,"delta":{"type":"input_json_delta","partial_json":"{"}}""")));
    }

    [Fact]
    public void StreamState_ErrorEvent_ThrowsWithItsType()
    {
        var exception = Assert.Throws<AnthropicStreamException>(() => new AnthropicStreamState().Read(Utf8("""{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}""")));

        Assert.Equal("overloaded_error", exception.ErrorType);
    }

    [Fact]
    public void StreamState_ReadsEveryEventKind_WhateverTheOrderOfItsFields()
    {
        var state = new AnthropicStreamState();

        // "type" last in every event: the reader collects the fields first.
        var start = state.Read(Utf8("""{"message":{"content":[],"usage":{"cache_read_input_tokens":100,"input_tokens":10,"output_tokens":1},"model":"claude-x","id":"msg_1"},"type":"message_start"}"""))!;
        Assert.Null(state.Read(Utf8("""{"content_block":{"text":"","type":"text"},"index":0,"type":"content_block_start"}""")));
        var thinking = state.Read(Utf8("""{"delta":{"thinking":"hmm","type":"thinking_delta"},"index":0,"type":"content_block_delta"}"""))!;
        var text = state.Read(Utf8("""{"delta":{"text":"Hi \u4f60","type":"text_delta"},"index":0,"type":"content_block_delta"}"""))!;
        Assert.Null(state.Read(Utf8("""{"index":0,"type":"content_block_stop"}""")));
        var tool = state.Read(Utf8("""{"content_block":{"input":{},"name":"lookup","id":"toolu_1","type":"tool_use"},"index":1,"type":"content_block_start"}"""))!;
        var arguments = state.Read(Utf8("""{"delta":{"partial_json":"{\"q\":1}","type":"input_json_delta"},"index":1,"type":"content_block_delta"}"""))!;
        Assert.Null(state.Read(Utf8("""{"type":"ping"}""")));
        var end = state.Read(Utf8("""{"usage":{"output_tokens":7},"delta":{"stop_sequence":null,"stop_reason":"tool_use"},"type":"message_delta"}"""))!;
        Assert.False(state.Completed);
        Assert.Null(state.Read(Utf8("""{"type":"message_stop"}""")));

        Assert.True(state.Completed);
        Assert.Equal(ChatRole.Assistant, start.Role);
        Assert.Equal("msg_1", start.ResponseId);

        // The input usage goes on with message_start, so a stream that dies before message_delta is still metered.
        var startUsage = Assert.IsType<UsageContent>(Assert.Single(start.Contents)).Details;
        Assert.Equal(110, startUsage.InputTokenCount);
        Assert.Equal(true, start.AdditionalProperties![ChatContentProperties.RunningUsage]); // not the total yet
        Assert.False(end.AdditionalProperties?.ContainsKey(ChatContentProperties.RunningUsage) ?? false);
        Assert.Equal("claude-x", text.ModelId);
        Assert.Equal("hmm", Assert.IsType<TextReasoningContent>(Assert.Single(thinking.Contents)).Text);
        Assert.Equal("Hi 你", text.Text);
        var call = Assert.IsType<FunctionCallUpdateContent>(Assert.Single(tool.Contents));
        Assert.Equal((0, "toolu_1", "lookup", ""), (call.Index, call.CallId, call.Name, call.ArgumentsFragment));
        var fragment = Assert.IsType<FunctionCallUpdateContent>(Assert.Single(arguments.Contents));
        Assert.Equal((0, "{\"q\":1}"), (fragment.Index, fragment.ArgumentsFragment));
        Assert.Equal(ChatFinishReason.ToolCalls, end.FinishReason);
        var usage = Assert.IsType<UsageContent>(Assert.Single(end.Contents)).Details;
        Assert.Equal((110L, 100L, 7L, 117L), (usage.InputTokenCount, usage.CachedInputTokenCount, usage.OutputTokenCount, usage.TotalTokenCount));
    }

    [Theory]
    [InlineData("""{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"a"},"delta":{"type":"text_delta"}}""")]
    [InlineData("""{"type":"content_block_delta","index":0,"delta":null}""")]
    [InlineData("""{"type":"content_block_start","index":0,"content_block":"text"}""")]
    [InlineData("""null""")]
    [InlineData("""[{"type":"message_stop"}]""")]
    public void StreamState_RepeatedOrNonObjectParts_ReadAsTheDocumentLookupsDid(string json)
    {
        // The last repeated object wins whole; a part that is not an object, or an event that is not one, shows nothing.
        var update = new AnthropicStreamState().Read(Utf8(json));

        Assert.True(update is null || update.Contents.Count == 0, update?.Text);
    }

    [Theory]
    [InlineData("""{"type":"message_start"}""")]
    [InlineData("""{"type":"content_block_start","index":0}""")]
    [InlineData("""{"type":"content_block_start","content_block":{"type":"tool_use","id":"t","name":"f"}}""")]
    [InlineData("""{"type":"content_block_delta","index":0}""")]
    [InlineData("""{"type":"content_block_delta","delta":{"type":"input_json_delta","partial_json":"{"}}""")]
    [InlineData("""{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"a"}} x""")]
    [InlineData("""{"type":"content_block_delta","delta":{"type":"text_delta","text":"a"}} x""")]
    [InlineData("""{"\udc00":1,"type":"ping"}""")]
    public void StreamState_EventMissingWhatItsTypeNeeds_IsAJsonException(string json)
    {
        Assert.ThrowsAny<JsonException>(() => new AnthropicStreamState().Read(Utf8(json)));
    }

    [Fact]
    public void ReadResponse_UsageCountsCacheReadsAndWrites()
    {
        var response = AnthropicResponseReader.Read(Json("""
            {"id":"m","type":"message","role":"assistant","model":"x","content":[{"type":"text","text":"hi"}],"stop_reason":"max_tokens",
             "usage":{"input_tokens":10,"cache_read_input_tokens":100,"cache_creation_input_tokens":50,"output_tokens":7}}
            """));

        Assert.Equal(160, response.Usage!.InputTokenCount);
        Assert.Equal(100, response.Usage.CachedInputTokenCount);
        Assert.Equal(50, response.Usage.AdditionalCounts!["cache_creation_input_tokens"]);
        Assert.Equal(ChatFinishReason.Length, response.FinishReason);
    }

    [Theory]
    [InlineData("\"\"")]
    [InlineData("\" \"")]
    public void ReadResponse_BlankStopReason_IsNoReasonNotAnUnmappedArgumentException(string stopReason)
    {
        var response = AnthropicResponseReader.Read(Json($$"""{"id":"m","content":[{"type":"text","text":"hi"}],"stop_reason":{{stopReason}}}"""));

        Assert.Null(response.FinishReason);
        Assert.Equal("hi", response.Text);
    }

    [Fact]
    public void Readers_ByteFlippedEvents_FailOnlyWithExceptionsTheAdapterMaps()
    {
        string[] events =
        [
            """{"type":"message_start","message":{"id":"m","model":"x","usage":{"input_tokens":3,"output_tokens":1}}}""",
            """{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}""",
            """{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"hi"}}""",
            """{"type":"content_block_start","index":1,"content_block":{"type":"tool_use","id":"t","name":"f","input":{}}}""",
            """{"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"{}"}}""",
            """{"type":"message_delta","delta":{"stop_reason":"tool_use"},"usage":{"output_tokens":5}}""",
            """{"id":"m","content":[{"type":"text","text":"hi"},{"type":"tool_use","id":"t","name":"f","input":{"a":1}}],"stop_reason":"end_turn","usage":{"input_tokens":1}}""",
        ];
        const string Noise = "{}[]\":,0a-\\ n";
        var random = new Random(11);
        for (var i = 0; i < 3000; i++)
        {
            var bytes = System.Text.Encoding.UTF8.GetBytes(events[i % events.Length]);
            bytes[random.Next(bytes.Length)] = (byte)Noise[random.Next(Noise.Length)];
            var state = new AnthropicStreamState();
            try
            {
                // The state has seen the stream's start and the tool block, as it would have before a later event.
                state.Read(Utf8(events[0]));
                state.Read(Utf8(events[3]));
                state.Read(bytes);
                using var document = JsonDocument.Parse(bytes);
                AnthropicResponseReader.Read(document.RootElement);
            }
            catch (Exception exception) when (exception is AnthropicStreamException
                || UpstreamFailures.FromTransport(exception, "p", TimeSpan.FromSeconds(1), "message", CancellationToken.None) is not null)
            {
            }
        }
    }

    [Fact]
    public void Write_SystemMessagesAfterTheLastAnswer_AreTheUserTurnThatFollowsIt()
    {
        var body = Write(
        [
            new ChatMessage(ChatRole.System, "Answer in JSON."),
            new ChatMessage(ChatRole.User, "Where is ORD-1?"),
            new ChatMessage(ChatRole.Assistant, "It shipped."),
            new ChatMessage(ChatRole.System, "Your answer must be only JSON. Answer again."),
        ]);

        Assert.Equal("Answer in JSON.", body.GetProperty("system").GetString());
        var messages = body.GetProperty("messages");
        Assert.Equal(["user", "assistant", "user"], messages.EnumerateArray().Select(m => m.GetProperty("role").GetString()));
        Assert.Equal("Your answer must be only JSON. Answer again.", messages[2].GetProperty("content")[0].GetProperty("text").GetString());
    }

    [Fact]
    public void Write_SystemMessagesElsewhere_AreTheSystemPrompt()
    {
        var body = Write(
        [
            new ChatMessage(ChatRole.System, "Be brief."),
            new ChatMessage(ChatRole.User, "Hi"),
            new ChatMessage(ChatRole.System, "Summary: none."),
            new ChatMessage(ChatRole.User, "Where is ORD-1?"),
        ]);

        Assert.Equal("Be brief.\n\nSummary: none.", body.GetProperty("system").GetString());
        Assert.Equal(["user", "user"], body.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("role").GetString()));
    }

    [Fact]
    public void StreamUsage_ALaterUsageWithoutCacheCounts_KeepsTheEarlierOnes()
    {
        var state = new AnthropicStreamState();
        state.Read(Utf8("""{"type":"message_start","message":{"id":"m","model":"x","usage":{"input_tokens":10,"cache_read_input_tokens":100,"cache_creation_input_tokens":50,"output_tokens":1}}}"""));

        var end = state.Read(Utf8("""{"type":"message_delta","delta":{"stop_reason":"end_turn"},"usage":{"input_tokens":10,"output_tokens":7}}"""))!;

        var usage = Assert.Single(end.Contents.OfType<UsageContent>()).Details;
        Assert.Equal((160L, 100L, 50L, 7L), (usage.InputTokenCount!.Value, usage.CachedInputTokenCount!.Value, usage.AdditionalCounts!["cache_creation_input_tokens"], usage.OutputTokenCount!.Value));
    }

    [Fact]
    public void Write_ToolCallIdsFromAnotherProvider_AreMadeValidAndStillPair()
    {
        var body = Write(
        [
            new ChatMessage(ChatRole.User, "Weather?"),
            new ChatMessage(ChatRole.Assistant, [ToolCallArguments.CreateCall("functions.get_weather:0", "get_weather", "{}")]),
            new ChatMessage(ChatRole.Tool, [new FunctionResultContent("functions.get_weather:0", "sunny")]),
        ]);

        var messages = body.GetProperty("messages");
        Assert.Equal("functions_get_weather_0", messages[1].GetProperty("content")[0].GetProperty("id").GetString());
        Assert.Equal("functions_get_weather_0", messages[2].GetProperty("content")[0].GetProperty("tool_use_id").GetString());
        Assert.Equal("toolu_01A-b_2", AnthropicRequestWriter.ToolUseId("toolu_01A-b_2"));
    }

    [Fact]
    public void Write_WhitespaceStopSequences_AreLeftOut()
    {
        var only = Write([new ChatMessage(ChatRole.User, "hi")], new ChatOptions { ModelId = "m", StopSequences = ["\n", " "] });
        var mixed = Write([new ChatMessage(ChatRole.User, "hi")], new ChatOptions { ModelId = "m", StopSequences = ["\n", "END"] });

        Assert.False(only.TryGetProperty("stop_sequences", out _));
        Assert.Equal(["END"], mixed.GetProperty("stop_sequences").EnumerateArray().Select(s => s.GetString()));
    }

    private static JsonElement Write(IEnumerable<ChatMessage> messages, ChatOptions? options = null)
    {
        var buffer = new ArrayBufferWriter<byte>();
        AnthropicRequestWriter.Write(buffer, messages, options ?? new ChatOptions { ModelId = "m" }, stream: false, "test");
        return JsonDocument.Parse(buffer.WrittenMemory).RootElement;
    }

    private static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement;

    private static byte[] Utf8(string json) => System.Text.Encoding.UTF8.GetBytes(json);
}
