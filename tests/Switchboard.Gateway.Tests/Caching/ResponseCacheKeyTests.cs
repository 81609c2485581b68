using System.Text.Json;
using Microsoft.Extensions.AI;
using Switchboard.Abstractions.Chat;
using Switchboard.Gateway.Caching;
using static Switchboard.Gateway.Tests.Caching.CacheFixtures;

namespace Switchboard.Gateway.Tests.Caching;

public sealed class ResponseCacheKeyTests
{
    [Fact]
    public void TryCreate_SameRequest_GivesSameHexKey()
    {
        var first = Key(Messages(), Deterministic());
        var second = Key(Messages(), Deterministic());

        Assert.Equal(first, second);
        Assert.Matches("^[0-9a-f]{64}$", first);
    }

    [Fact]
    public void TryCreate_ToolCallArgumentsInOtherOrder_GivesSameKey()
    {
        var inOrder = Key(WithCall(new Dictionary<string, object?> { ["order"] = "A-17", ["email"] = "ann@example.com", ["items"] = Json("""{"a":1,"b":[{"x":1,"y":2}]}""") }), Deterministic());
        var reversed = Key(WithCall(new Dictionary<string, object?> { ["items"] = Json("""{"b":[{"y":2,"x":1}],"a":1}"""), ["email"] = "ann@example.com", ["order"] = "A-17" }), Deterministic());
        var otherValue = Key(WithCall(new Dictionary<string, object?> { ["order"] = "A-18", ["email"] = "ann@example.com", ["items"] = Json("""{"a":1,"b":[{"x":1,"y":2}]}""") }), Deterministic());

        Assert.Equal(inOrder, reversed);
        Assert.NotEqual(inOrder, otherValue);
    }

    [Fact]
    public void TryCreate_RawArgumentsTextInOtherOrder_GivesSameKey()
    {
        var inOrder = Key(WithCall(ToolCallArguments.CreateCall("call_1", "lookup_order", """{"order":"A-17","email":"a@b.c"}""")), Deterministic());
        var reversed = Key(WithCall(ToolCallArguments.CreateCall("call_1", "lookup_order", """{ "email": "a@b.c", "order": "A-17" }""")), Deterministic());

        Assert.Equal(inOrder, reversed);
    }

    [Fact]
    public void TryCreate_OptionsPropertiesInOtherOrder_GiveSameKey()
    {
        var first = Deterministic();
        first.AdditionalProperties = new()
        {
            ["openai.extra_fields"] = new Dictionary<string, JsonElement> { ["user"] = Json("\"u1\""), ["logit_bias"] = Json("""{"50256":-100,"1":5}""") },
            ["openai.max_completion_tokens"] = true,
        };
        var second = Deterministic();
        second.AdditionalProperties = new()
        {
            ["openai.max_completion_tokens"] = true,
            ["openai.extra_fields"] = new Dictionary<string, JsonElement> { ["logit_bias"] = Json("""{"1":5,"50256":-100}"""), ["user"] = Json("\"u1\"") },
        };

        Assert.Equal(Key(Messages(), first), Key(Messages(), second));
    }

    [Fact]
    public void TryCreate_CacheControl_IsNotPartOfKey()
    {
        Assert.Equal(Key(Messages(), Deterministic()), Key(Messages(), WithControl(Deterministic(), ResponseCacheControl.Force)));
    }

    [Fact]
    public void TryCreate_OtherPartition_GivesOtherKey()
    {
        Assert.True(ResponseCacheKey.TryCreate(Messages(), Deterministic(), "acme", out var acme));
        Assert.True(ResponseCacheKey.TryCreate(Messages(), Deterministic(), "globex", out var globex));

        Assert.NotEqual(acme, globex);
    }

    [Fact]
    public void TryCreate_FunctionResultDiffers_GivesOtherKey()
    {
        static List<ChatMessage> WithResult(object result)
        {
            var messages = Messages();
            messages.Add(new ChatMessage(ChatRole.Tool, [new FunctionResultContent("call_1", result)]));
            return messages;
        }

        Assert.NotEqual(Key(WithResult(Json("""{"status":"shipped"}""")), Deterministic()), Key(WithResult(Json("""{"status":"pending"}""")), Deterministic()));
        Assert.Equal(Key(WithResult(Json("""{"status":"shipped","id":1}""")), Deterministic()), Key(WithResult(Json("""{"id":1,"status":"shipped"}""")), Deterministic()));
    }

    [Fact]
    public void TryCreate_MessageBoundaryMoves_GivesOtherKey()
    {
        List<ChatMessage> split = [new ChatMessage(ChatRole.User, "ab"), new ChatMessage(ChatRole.User, "c")];
        List<ChatMessage> moved = [new ChatMessage(ChatRole.User, "a"), new ChatMessage(ChatRole.User, "bc")];

        Assert.NotEqual(Key(split, Deterministic()), Key(moved, Deterministic()));
    }

    [Fact]
    public void TryCreate_UnknownContent_ReturnsFalse()
    {
        var messages = Messages();
        messages[^1].Contents.Add(new UnknownContent());

        Assert.False(ResponseCacheKey.TryCreate(messages, Deterministic(), "t", out var key));
        Assert.Null(key);
    }

    [Fact]
    public void TryCreate_ServerSideConversation_ReturnsFalse()
    {
        var options = Deterministic();
        options.ConversationId = "conv_1";

        Assert.False(ResponseCacheKey.TryCreate(Messages(), options, "t", out _));
    }

    [Fact]
    public void TryCreate_ImageDataDiffers_GivesOtherKey()
    {
        static List<ChatMessage> WithImage(byte last)
        {
            var messages = Messages();
            messages[^1].Contents.Add(new DataContent(new byte[] { 1, 2, last }, "image/png"));
            return messages;
        }

        Assert.NotEqual(Key(WithImage(3), Deterministic()), Key(WithImage(4), Deterministic()));
    }

    private static string Key(IEnumerable<ChatMessage> messages, ChatOptions options)
    {
        Assert.True(ResponseCacheKey.TryCreate(messages, options, "tenant", out var key));
        return key;
    }

    private static List<ChatMessage> WithCall(Dictionary<string, object?> arguments) =>
        WithCall(new FunctionCallContent("call_1", "lookup_order", arguments));

    private static List<ChatMessage> WithCall(FunctionCallContent call)
    {
        var messages = Messages();
        messages.Add(new ChatMessage(ChatRole.Assistant, [call]));
        return messages;
    }

    private static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement.Clone();

    private sealed class UnknownContent : AIContent;
}
