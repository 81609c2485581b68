using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Switchboard.Providers.OpenAI.Wire;

namespace Switchboard.Providers.OpenAI.Tests.Wire;

public sealed class ResponseWriterTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);

    [Fact]
    public void Write_JoinsTheAssistantsTextAndReasoning_AndSkipsOtherRoles()
    {
        var response = new ChatResponse(
        [
            new ChatMessage(ChatRole.User, "not part of the answer"),
            new ChatMessage(ChatRole.Assistant, [new TextReasoningContent("think "), new TextContent("Hello, "), new TextReasoningContent("twice")]),
            new ChatMessage(ChatRole.Assistant, [new TextContent("world.")]),
        ])
        { ModelId = "m", FinishReason = ChatFinishReason.Stop };

        var message = Message(Write(response));

        Assert.Equal("Hello, world.", message.GetProperty("content").GetString());
        Assert.Equal("think twice", message.GetProperty("reasoning_content").GetString());
        Assert.False(message.TryGetProperty("tool_calls", out _));
    }

    [Fact]
    public void Write_ManyTextParts_AreJoinedInOrder()
    {
        var parts = Enumerable.Range(0, 2000).Select(i => (AIContent)new TextContent(i % 3 == 0 ? string.Empty : (i % 10).ToString(CultureInfo.InvariantCulture))).ToList();
        var response = new ChatResponse(new ChatMessage(ChatRole.Assistant, parts)) { ModelId = "m" };

        var content = Message(Write(response)).GetProperty("content").GetString();

        Assert.Equal(string.Concat(parts.Cast<TextContent>().Select(p => p.Text)), content);
        Assert.Equal(1333, content!.Length);
    }

    [Fact]
    public void Write_ToolCallsWithoutText_HaveNullContentAndFinishWithToolCalls()
    {
        var response = new ChatResponse(new ChatMessage(ChatRole.Assistant,
        [
            new FunctionCallContent("call_1", "lookup", new Dictionary<string, object?> { ["id"] = 7 }),
            new FunctionCallContent("call_2", "track", new Dictionary<string, object?>()),
        ]))
        { ModelId = "m" };

        var root = Write(response);
        var message = Message(root);

        Assert.Equal(JsonValueKind.Null, message.GetProperty("content").ValueKind);
        Assert.False(message.TryGetProperty("reasoning_content", out _));
        var calls = message.GetProperty("tool_calls");
        Assert.Equal(2, calls.GetArrayLength());
        Assert.Equal("call_1", calls[0].GetProperty("id").GetString());
        Assert.Equal("track", calls[1].GetProperty("function").GetProperty("name").GetString());
        Assert.Equal("tool_calls", root.GetProperty("choices")[0].GetProperty("finish_reason").GetString());
    }

    [Fact]
    public void Write_NoContentAtAll_IsAnEmptyStringThatStops()
    {
        var root = Write(new ChatResponse(new ChatMessage(ChatRole.Assistant, [])) { ModelId = "m" });

        Assert.Equal(string.Empty, Message(root).GetProperty("content").GetString());
        Assert.Equal("stop", root.GetProperty("choices")[0].GetProperty("finish_reason").GetString());
    }

    private static JsonElement Write(ChatResponse response)
    {
        var output = new ArrayBufferWriter<byte>();
        OpenAIChatResponseWriter.Write(output, response, "chatcmpl-test", Now);
        using var document = JsonDocument.Parse(output.WrittenMemory);
        return document.RootElement.Clone();
    }

    private static JsonElement Message(JsonElement root) => root.GetProperty("choices")[0].GetProperty("message");
}
