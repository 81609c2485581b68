using System.Buffers;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Switchboard.Abstractions.Chat;
using Switchboard.Providers.OpenAI.Wire;

namespace Switchboard.Providers.OpenAI.Tests.Wire;

public sealed class ChunkWriterTests
{
    private readonly OpenAIChunkWriter _writer = new("chatcmpl-x", DateTimeOffset.FromUnixTimeSeconds(100), "p:m", includeUsage: true);

    [Fact]
    public void WriteUpdate_RoleOnlyOnTheFirstChunk()
    {
        var first = Write(new ChatResponseUpdate(ChatRole.Assistant, "a"));
        var second = Write(new ChatResponseUpdate(ChatRole.Assistant, "b"));

        Assert.Equal("assistant", Delta(first!.Value).GetProperty("role").GetString());
        Assert.False(Delta(second!.Value).TryGetProperty("role", out _));
        Assert.Equal("chatcmpl-x", second.Value.GetProperty("id").GetString());
        Assert.Equal(100, second.Value.GetProperty("created").GetInt64());
        Assert.Equal("p:m", second.Value.GetProperty("model").GetString());
    }

    [Fact]
    public void WriteUpdate_NothingVisible_WritesNothing()
    {
        Write(new ChatResponseUpdate(ChatRole.Assistant, "a"));

        var usageOnly = Write(new ChatResponseUpdate { Contents = [new UsageContent(new UsageDetails { InputTokenCount = 1, OutputTokenCount = 2 })] });

        Assert.Null(usageOnly);
        Assert.Equal(2, _writer.Usage!.OutputTokenCount);
    }

    [Fact]
    public void WriteUpdate_WholeCallsAfterFragments_GetTheNextIndexes()
    {
        Write(new ChatResponseUpdate { Contents = [new FunctionCallUpdateContent(0) { CallId = "a", Name = "f", ArgumentsFragment = "{}" }] });

        var chunk = Write(new ChatResponseUpdate { Contents = [ToolCallArguments.CreateCall("b", "g", "{\"x\":1}"), ToolCallArguments.CreateCall("c", "h", "{}")] });

        var calls = Delta(chunk!.Value).GetProperty("tool_calls");
        Assert.Equal(1, calls[0].GetProperty("index").GetInt32());
        Assert.Equal("b", calls[0].GetProperty("id").GetString());
        Assert.Equal("{\"x\":1}", calls[0].GetProperty("function").GetProperty("arguments").GetString());
        Assert.Equal(2, calls[1].GetProperty("index").GetInt32());
    }

    [Fact]
    public void WriteUsage_OnlyWhenAskedFor()
    {
        Write(new ChatResponseUpdate { Contents = [new UsageContent(new UsageDetails { InputTokenCount = 3, OutputTokenCount = 4 })] });
        var buffer = new ArrayBufferWriter<byte>();

        Assert.True(_writer.WriteUsage(buffer));
        var usage = JsonDocument.Parse(buffer.WrittenMemory).RootElement;
        Assert.Equal(0, usage.GetProperty("choices").GetArrayLength());
        Assert.Equal(7, usage.GetProperty("usage").GetProperty("total_tokens").GetInt32());
        Assert.False(new OpenAIChunkWriter("x", DateTimeOffset.UnixEpoch, "m", includeUsage: false).WriteUsage(buffer));
    }

    [Fact]
    public void WriteUpdate_UsageNullOnContentChunks_OnlyWhenUsageWasAskedFor()
    {
        var asked = Write(new ChatResponseUpdate(ChatRole.Assistant, "a"))!.Value;
        var buffer = new ArrayBufferWriter<byte>();
        Assert.True(new OpenAIChunkWriter("x", DateTimeOffset.UnixEpoch, "m", includeUsage: false).WriteUpdate(buffer, new ChatResponseUpdate(ChatRole.Assistant, "a")));
        var notAsked = JsonDocument.Parse(buffer.WrittenMemory).RootElement;

        Assert.Equal(JsonValueKind.Null, asked.GetProperty("usage").ValueKind);
        Assert.False(notAsked.TryGetProperty("usage", out _));
    }

    private JsonElement? Write(ChatResponseUpdate update)
    {
        var buffer = new ArrayBufferWriter<byte>();
        return _writer.WriteUpdate(buffer, update) ? JsonDocument.Parse(buffer.WrittenMemory).RootElement : null;
    }

    [Fact]
    public void WriteUpdate_IdWithALoneSurrogate_IsWrittenWithAReplacementCharacter()
    {
        var writer = new OpenAIChunkWriter("chatcmpl-\ud800", DateTimeOffset.FromUnixTimeSeconds(1), "p:m", includeUsage: false);
        var output = new ArrayBufferWriter<byte>();

        Assert.True(writer.WriteUpdate(output, new ChatResponseUpdate(ChatRole.Assistant, "a")));

        Assert.Equal("chatcmpl-\ufffd", JsonDocument.Parse(output.WrittenMemory).RootElement.GetProperty("id").GetString());
    }

    private static JsonElement Delta(JsonElement chunk) => chunk.GetProperty("choices")[0].GetProperty("delta");
}
