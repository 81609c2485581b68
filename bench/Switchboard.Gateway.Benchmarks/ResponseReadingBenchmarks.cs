using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.AI;
using Switchboard.Providers.Anthropic.Wire;
using Switchboard.Providers.OpenAI.Wire;

namespace Switchboard.Gateway.Benchmarks;

/// <summary>
/// The OpenAI adapter's reading of an upstream's answer, from the UTF-8 bytes into Microsoft.Extensions.AI types: a
/// <c>chat.completion</c> body (<see cref="OpenAIChatResponseReader"/>) and the 21 <c>chat.completion.chunk</c> events of
/// a stream (<see cref="OpenAIChunkReader"/>), shaped as the load harness's fake upstream sends them with 20 chunks (a
/// role chunk, 18 text chunks, the finish chunk, and the usage chunk), and the 23 events of an Anthropic stream
/// (<see cref="AnthropicStreamState"/>).
/// </summary>
/// <remarks>
/// The <c>*Document</c> rows only parse the same bytes into a <see cref="JsonDocument"/> and read nothing: the first step
/// of the reader used before 2026-11-22, which then looked up each field in the document. They are a floor for that
/// reader, not its whole cost.
/// </remarks>
[MemoryDiagnoser]
[Config(typeof(ShortRunConfig))]
public class ResponseReadingBenchmarks
{
    private const string Header = "\"id\":\"chatcmpl-fake\",\"object\":\"chat.completion.chunk\",\"created\":1795317746,\"model\":\"mock-gpt\",\"system_fingerprint\":\"fp_fake\",\"x_sent_at_ms\":1795317747170.162,";

    private byte[] _completion = [];
    private byte[][] _chunks = [];
    private byte[][] _anthropicEvents = [];

    [GlobalSetup]
    public void Setup()
    {
        _completion = Encoding.UTF8.GetBytes(
            "{\"id\":\"chatcmpl-fake\",\"object\":\"chat.completion\",\"created\":1795317746,\"model\":\"mock-gpt\",\"system_fingerprint\":\"fp_fake\"," +
            "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"Hello w1 w2 w3 w4 w5 w6 w7 w8 w9 w10 w11 w12 w13 w14 w15 w16 w17\",\"refusal\":null},\"logprobs\":null,\"finish_reason\":\"stop\"}]," +
            "\"usage\":{\"prompt_tokens\":14,\"completion_tokens\":18,\"total_tokens\":32}}");
        var chunks = new List<string> { Chunk("{\"role\":\"assistant\",\"content\":\"\"}", "null") };
        for (var i = 0; i < 18; i++)
        {
            chunks.Add(Chunk($"{{\"content\":\" w{i}@1795317747170.162 \"}}", "null"));
        }

        chunks.Add(Chunk("{}", "\"stop\""));
        chunks.Add("{" + Header + "\"choices\":[],\"usage\":{\"prompt_tokens\":14,\"completion_tokens\":20,\"total_tokens\":34}}");
        _chunks = [.. chunks.Select(Encoding.UTF8.GetBytes)];

        var events = new List<string>
        {
            """{"type":"message_start","message":{"id":"msg_fake","type":"message","role":"assistant","model":"claude-fake","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":14,"output_tokens":1}}}""",
            """{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}""",
        };
        for (var i = 0; i < 18; i++)
        {
            events.Add($$$"""{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":" w{{{i}}}@1795317747170.162 "}}""");
        }

        events.Add("""{"type":"content_block_stop","index":0}""");
        events.Add("""{"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":20}}""");
        events.Add("""{"type":"message_stop"}""");
        _anthropicEvents = [.. events.Select(Encoding.UTF8.GetBytes)];

        // Fails the run unless the readers see what the bodies hold.
        var response = Completion();
        Expect(nameof(Completion), response.Text.EndsWith(" w17", StringComparison.Ordinal) && response.Usage?.TotalTokenCount == 32 && response.FinishReason == ChatFinishReason.Stop);
        Expect(nameof(Chunks), Chunks() == 34 + 18);
        Expect(nameof(AnthropicEvents), AnthropicEvents() == 34 + 18);
    }

    /// <summary>A <c>chat.completion</c> body of 376 bytes.</summary>
    [Benchmark]
    public ChatResponse Completion() => OpenAIChatResponseReader.ReadResponse(_completion);

    /// <summary>The same body parsed into a <see cref="JsonDocument"/>, nothing read.</summary>
    [Benchmark]
    public int CompletionDocument()
    {
        using var document = JsonDocument.Parse(_completion);
        return (int)document.RootElement.ValueKind;
    }

    /// <summary>The 21 chunks of one stream, with one reader, as the adapter reads a stream.</summary>
    /// <returns>The total tokens plus the number of text chunks, for the setup's check.</returns>
    [Benchmark]
    public long Chunks()
    {
        var reader = new OpenAIChunkReader();
        long seen = 0;
        foreach (var chunk in _chunks)
        {
            if (!reader.TryRead(chunk, out var update))
            {
                throw new InvalidOperationException("An error chunk.");
            }

            seen += update.Contents.Count == 1 && update.Contents[0] is TextContent { Text.Length: > 0 } ? 1 : 0;
            seen += update.Contents.Count == 1 && update.Contents[0] is UsageContent usage ? usage.Details.TotalTokenCount ?? 0 : 0;
        }

        return seen;
    }

    /// <summary>The same 21 chunks, each parsed into a <see cref="JsonDocument"/>, nothing read.</summary>
    [Benchmark]
    public int ChunksDocument()
    {
        var kinds = 0;
        foreach (var chunk in _chunks)
        {
            using var document = JsonDocument.Parse(chunk);
            kinds += (int)document.RootElement.ValueKind;
        }

        return kinds;
    }

    /// <summary>
    /// The 23 events of an Anthropic stream with 18 text deltas (start, block start, deltas, block stop, message delta,
    /// stop), with one <see cref="AnthropicStreamState"/>, as the Anthropic adapter reads a stream.
    /// </summary>
    /// <returns>The total tokens plus the number of text updates, for the setup's check.</returns>
    [Benchmark]
    public long AnthropicEvents()
    {
        var state = new AnthropicStreamState();
        long seen = 0;
        foreach (var data in _anthropicEvents)
        {
            if (state.Read(data) is { } update)
            {
                seen += update.Contents.Count == 1 && update.Contents[0] is TextContent { Text.Length: > 0 } ? 1 : 0;
                seen += update.Contents.Count == 1 && update.Contents[0] is UsageContent usage ? usage.Details.TotalTokenCount ?? 0 : 0;
            }
        }

        return seen;
    }

    /// <summary>The same 23 events, each parsed into a <see cref="JsonDocument"/>, nothing read.</summary>
    [Benchmark]
    public int AnthropicEventsDocument()
    {
        var kinds = 0;
        foreach (var data in _anthropicEvents)
        {
            using var document = JsonDocument.Parse(data);
            kinds += (int)document.RootElement.ValueKind;
        }

        return kinds;
    }

    private static string Chunk(string delta, string finish) =>
        "{" + Header + "\"choices\":[{\"index\":0,\"delta\":" + delta + ",\"logprobs\":null,\"finish_reason\":" + finish + "}]}";

    private static void Expect(string name, bool condition)
    {
        if (!condition)
        {
            throw new InvalidOperationException($"{name} did not read what the body holds.");
        }
    }
}
