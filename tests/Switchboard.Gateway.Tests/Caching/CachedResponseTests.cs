using Microsoft.Extensions.AI;
using Switchboard.Abstractions.Chat;
using Switchboard.Gateway.Caching;

namespace Switchboard.Gateway.Tests.Caching;

public sealed class CachedResponseTests
{
    [Fact]
    public void ApproximateBytes_GrowsByTwoBytesPerCharacter()
    {
        var small = Create(new string('x', 100));
        var large = Create(new string('x', 1100));

        Assert.Equal(2000, large.ApproximateBytes - small.ApproximateBytes);
        Assert.True(small.ApproximateBytes > 200, "the estimate includes fixed overheads");
    }

    [Fact]
    public void ToUpdates_NeverSplitsSurrogatePairs()
    {
        var text = string.Concat(Enumerable.Repeat("ab😀", 20));
        var updates = Create(text).ToUpdates().ToList();

        var pieces = updates.SelectMany(u => u.Contents).OfType<TextContent>().Select(t => t.Text).ToList();
        Assert.True(pieces.Count > 1);
        Assert.All(pieces, p => Assert.False(char.IsHighSurrogate(p[^1]), $"piece ends inside a surrogate pair: {p}"));
        Assert.Equal(text, string.Concat(pieces));
    }

    [Fact]
    public void ToUpdates_SeveralMessages_ComeBackApart()
    {
        var response = new ChatResponse(
            [
                new ChatMessage(ChatRole.Assistant, [new FunctionCallContent("call_1", "lookup_order")]),
                new ChatMessage(ChatRole.Tool, [new FunctionResultContent("call_1", "shipped")]),
                new ChatMessage(ChatRole.Assistant, "It has shipped."),
            ])
        { FinishReason = ChatFinishReason.Stop, ResponseId = "r" };

        var replayed = CachedResponse.TryCreate(response)!.ToUpdates().ToChatResponse();

        Assert.Equal([ChatRole.Assistant, ChatRole.Tool, ChatRole.Assistant], replayed.Messages.Select(m => m.Role));
        Assert.Equal("It has shipped.", replayed.Messages[2].Text);
    }

    [Fact]
    public void ToUpdates_ALongRefusal_IsARefusalInEveryPiece()
    {
        // The OpenAI stream writer decides refusal or content piece by piece.
        var response = new ChatResponse(new ChatMessage(ChatRole.Assistant, [RefusalText.Create(new string('x', 70))])) { FinishReason = ChatFinishReason.Stop };

        var pieces = CachedResponse.TryCreate(response)!.ToUpdates().SelectMany(u => u.Contents).OfType<TextContent>().ToList();

        Assert.True(pieces.Count > 1);
        Assert.All(pieces, p => Assert.True(RefusalText.IsRefusal(p)));
    }

    [Fact]
    public void AProvidersStopDetails_AreKept_OnTheAnswerAndAtTheEndOfTheReplay()
    {
        var response = new ChatResponse(new ChatMessage(ChatRole.Assistant, "42"))
        {
            FinishReason = ChatFinishReason.Stop,
            AdditionalProperties = new()
            {
                ["anthropic.stop_reason"] = "stop_sequence",
                ["anthropic.stop_sequence"] = "</answer>",
                ["switchboard.attempts"] = 2,
            },
        };

        var cached = CachedResponse.TryCreate(response)!;
        var hit = cached.ToChatResponse();
        var updates = cached.ToUpdates().ToList();

        Assert.Equal("stop_sequence", hit.AdditionalProperties!["anthropic.stop_reason"]);
        Assert.Equal("</answer>", hit.AdditionalProperties["anthropic.stop_sequence"]);
        Assert.False(hit.AdditionalProperties.ContainsKey("switchboard.attempts")); // one call's, not the answer's
        Assert.Equal("</answer>", updates[^1].AdditionalProperties!["anthropic.stop_sequence"]);
    }

    [Fact]
    public void TryCreate_UnknownContent_ReturnsNull()
    {
        var response = new ChatResponse(new ChatMessage(ChatRole.Assistant, [new TextContent("hi"), new UnknownContent()]));

        Assert.Null(CachedResponse.TryCreate(response));
    }

    private static CachedResponse Create(string text) =>
        CachedResponse.TryCreate(new ChatResponse(new ChatMessage(ChatRole.Assistant, text)) { FinishReason = ChatFinishReason.Stop })!;

    private sealed class UnknownContent : AIContent;
}
