using System.Net;
using Switchboard.Providers.Builtin;
using Switchboard.Server.Errors;

namespace Switchboard.Server.Tests.Builtin;

public sealed class BuiltinRobustnessTests
{
    [Theory]
    [InlineData("Thanks 😊 for waiting, we will ship today 🚚!")]
    [InlineData("我们已经收到您的𠮷订单😊，今天发货")]
    [InlineData("😊😊😊😊😊😊😊😊😊😊😊😊")]
    public void Pieces_NeverSplitASurrogatePair(string text)
    {
        var pieces = BuiltinChatClient.Pieces(text).ToList();

        Assert.Equal(text, string.Concat(pieces));
        Assert.All(pieces, p => Assert.False(char.IsHighSurrogate(p[^1])));
        Assert.All(pieces, p => Assert.False(char.IsLowSurrogate(p[0])));
    }

    [Fact]
    public void Fill_PlaceholderBetweenEmoji_DoesNotThrow()
    {
        Assert.Equal("😊😊", BuiltinAnswerer.Fill("😊{{order_number}}😊", []));
    }

    [Fact]
    public void Cap_LongMessage_IsCutWithoutSplittingASurrogatePair()
    {
        var text = new string('a', BuiltinAnswerer.MaxMessageLength - 1) + "😊 and more";

        var capped = BuiltinAnswerer.Cap(text);

        Assert.True(capped.Length <= BuiltinAnswerer.MaxMessageLength);
        Assert.False(char.IsHighSurrogate(capped[^1]));
    }

    [Fact]
    public void ErrorMapper_ConversationDeletedMidRequest_Is404()
    {
        var error = ApiErrorMapper.Map(new KeyNotFoundException("Conversation 'conv_x' does not exist."));

        Assert.Equal((int)HttpStatusCode.NotFound, error.Status);
        Assert.Equal("conversation_not_found", error.Code);
    }
}
