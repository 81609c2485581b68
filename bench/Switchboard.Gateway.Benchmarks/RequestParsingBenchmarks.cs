using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.AI;
using Switchboard.Providers.Anthropic.Wire;
using Switchboard.Providers.OpenAI.Wire;

namespace Switchboard.Gateway.Benchmarks;

/// <summary>
/// The server's own parsing of a request body, from the UTF-8 bytes the endpoint has read into the
/// Microsoft.Extensions.AI messages and options the pipeline takes: <see cref="OpenAIChatRequestReader"/> for
/// <c>POST /v1/chat/completions</c> and <see cref="AnthropicRequestReader"/> for <c>POST /v1/messages</c>, each on the
/// bodies of <see cref="RequestBodies"/>.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(ShortRunConfig))]
public class RequestParsingBenchmarks
{
    private ReadOnlyMemory<byte> _openAISmall;
    private ReadOnlyMemory<byte> _openAIRealistic;
    private ReadOnlyMemory<byte> _anthropicSmall;
    private ReadOnlyMemory<byte> _anthropicRealistic;

    [GlobalSetup]
    public void Setup()
    {
        _openAISmall = RequestBodies.OpenAISmall;
        _openAIRealistic = RequestBodies.OpenAIRealistic;
        _anthropicSmall = RequestBodies.AnthropicSmall;
        _anthropicRealistic = RequestBodies.AnthropicRealistic;

        // Fails the run unless the bodies parse to what they are meant to hold.
        var openAISmall = OpenAISmall();
        Expect(nameof(OpenAISmall), openAISmall.Messages, openAISmall.Options, expectedMessages: 1, expectedTools: 0);
        var openAIRealistic = OpenAIRealistic();
        Expect(nameof(OpenAIRealistic), openAIRealistic.Messages, openAIRealistic.Options, expectedMessages: 24, expectedTools: 2);
        var anthropicSmall = AnthropicSmall();
        Expect(nameof(AnthropicSmall), anthropicSmall.Messages, anthropicSmall.Options, expectedMessages: 1, expectedTools: 0);
        var anthropicRealistic = AnthropicRealistic();
        Expect(nameof(AnthropicRealistic), anthropicRealistic.Messages, anthropicRealistic.Options, expectedMessages: 24, expectedTools: 2);
    }

    /// <summary>One user message.</summary>
    [Benchmark]
    public OpenAIChatRequest OpenAISmall() => OpenAIChatRequestReader.Read(_openAISmall);

    /// <summary>System prompt, 10 turns with a tool call and its result, the question, 2 tools.</summary>
    [Benchmark]
    public OpenAIChatRequest OpenAIRealistic() => OpenAIChatRequestReader.Read(_openAIRealistic);

    /// <summary>One user message.</summary>
    [Benchmark]
    public AnthropicRequest AnthropicSmall() => AnthropicRequestReader.Read(_anthropicSmall);

    /// <summary>System prompt, 10 turns with a tool_use and its tool_result, the question, 2 tools.</summary>
    [Benchmark]
    public AnthropicRequest AnthropicRealistic() => AnthropicRequestReader.Read(_anthropicRealistic);

    private static void Expect(string name, IList<ChatMessage> messages, ChatOptions options, int expectedMessages, int expectedTools)
    {
        var tools = options.Tools?.Count ?? 0;
        if (messages.Count != expectedMessages || tools != expectedTools)
        {
            throw new InvalidOperationException(
                $"{name} parsed to {messages.Count} messages and {tools} tools; expected {expectedMessages} and {expectedTools}.");
        }
    }
}
