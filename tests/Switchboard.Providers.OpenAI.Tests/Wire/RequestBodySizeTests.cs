using System.Buffers;
using Microsoft.Extensions.AI;
using Switchboard.Abstractions.Providers;
using Switchboard.Providers.OpenAI.Wire;

namespace Switchboard.Providers.OpenAI.Tests.Wire;

public sealed class RequestBodySizeTests
{
    private static readonly ChatOptions Options = new() { ModelId = "gpt-4o-mini", Temperature = 0.2f, MaxOutputTokens = 256 };

    [Theory]
    [InlineData(1, 20)]
    [InlineData(2, 400)]
    [InlineData(12, 2_000)]
    [InlineData(40, 20_000)]
    public void Estimate_CoversTheBodyOfAPlainTextConversation(int turns, int charactersPerTurn)
    {
        List<ChatMessage> messages = [new(ChatRole.System, "You are a helpful assistant.")];
        for (var i = 0; i < turns; i++)
        {
            messages.Add(new(i % 2 == 0 ? ChatRole.User : ChatRole.Assistant, new string('a', charactersPerTurn)));
        }

        var estimate = RequestBodySize.Estimate(messages, Options);
        var written = Written(messages);

        // At least the body, so the buffer never grows; and not far above it, so a short request stays small.
        Assert.InRange(estimate, written, (written * 2) + 512);
    }

    [Fact]
    public void Estimate_AShortRequestNeedsFarLessThanFourKilobytes()
    {
        List<ChatMessage> messages = [new(ChatRole.User, "Where is my order 12345?")];

        Assert.InRange(RequestBodySize.Estimate(messages, Options), Written(messages), 512);
    }

    [Fact]
    public void Estimate_ToolsAddRoomForTheirSchemas()
    {
        List<ChatMessage> messages = [new(ChatRole.User, "What is the weather?")];
        var withTools = new ChatOptions
        {
            ModelId = "gpt-4o-mini",
            Tools = [AIFunctionFactory.Create((string city) => city, "get_weather", "Gets the weather for a city.")],
        };

        Assert.True(RequestBodySize.Estimate(messages, withTools) >= Written(messages, withTools));
        Assert.True(RequestBodySize.Estimate(messages, withTools) > RequestBodySize.Estimate(messages, Options));
    }

    [Fact]
    public void Estimate_DoesNotEnumerateALazySequence()
    {
        // A sequence that is not a collection may be expensive or one-shot to enumerate; the writer enumerates it once.
        var estimate = RequestBodySize.Estimate(NeverEnumerated(), Options);

        Assert.InRange(estimate, 256, 4096);
    }

    [Fact]
    public void Estimate_IsCappedForAHugeConversation()
    {
        List<ChatMessage> messages = [.. Enumerable.Range(0, 30).Select(_ => new ChatMessage(ChatRole.User, new string('b', 100_000)))];

        Assert.Equal(1 << 20, RequestBodySize.Estimate(messages, Options));
    }

    private static int Written(IEnumerable<ChatMessage> messages, ChatOptions? options = null)
    {
        var output = new ArrayBufferWriter<byte>();
        OpenAIChatRequestWriter.Write(output, messages, options ?? Options, stream: true);
        return output.WrittenCount;
    }

    private static IEnumerable<ChatMessage> NeverEnumerated()
    {
        throw new InvalidOperationException("enumerated");
#pragma warning disable CS0162 // Unreachable code: the yield makes this an iterator, so the throw runs only when enumerated.
        yield break;
#pragma warning restore CS0162
    }
}
