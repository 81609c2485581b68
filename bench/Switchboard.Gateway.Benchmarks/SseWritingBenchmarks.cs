using System.IO.Pipelines;
using System.Text;
using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.AI;

namespace Switchboard.Gateway.Benchmarks;

/// <summary>
/// The server's writing of a streamed answer as Server-Sent Events (<see cref="EndpointSseWriting"/>) to a response body
/// that discards it: one stream per operation, of <see cref="Deltas"/> text deltas and the final update (finish reason
/// and usage). The stream of 1 delta gives the fixed cost of a stream; the difference to 20, divided by 19, what each
/// further text delta costs.
/// </summary>
/// <remarks>
/// The updates are made once: the writers only read them. One <see cref="DefaultHttpContext"/> is reused, as Kestrel
/// reuses its contexts; its response feature drops the stream tracker's dispose registration.
/// </remarks>
[MemoryDiagnoser]
[Config(typeof(ShortRunConfig))]
public class SseWritingBenchmarks
{
    private readonly DefaultHttpContext _context = new();
    private ChatResponseUpdate[] _updates = null!;

    [Params(1, CannedAnswer.Deltas)]
    public int Deltas { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _updates = CannedAnswer.CreateUpdates(Deltas, GatewayHost.Model);
        _context.Features.Set<IHttpResponseBodyFeature>(new PipeResponseBody(new DiscardingPipeWriter()));

        // Fails the run unless the writers produce the events they should: a chunk per update, the usage chunk and
        // [DONE]; message_start, the block's start, a delta per text update, the block's stop, message_delta, message_stop.
        var openAI = Capture(context => EndpointSseWriting.WriteOpenAIAsync(context, _updates, includeUsage: true));
        Expect(nameof(OpenAIChunks), openAI, "data: ", Deltas + 3);
        Expect(nameof(OpenAIChunks), openAI, "data: [DONE]\n\n", 1);
        var anthropic = Capture(context => EndpointSseWriting.WriteAnthropicAsync(context, _updates));
        Expect(nameof(AnthropicEvents), anthropic, "event: ", Deltas + 5);
        Expect(nameof(AnthropicEvents), anthropic, "event: content_block_delta\ndata: ", Deltas);
    }

    /// <summary>An OpenAI <c>chat.completion.chunk</c> stream with the usage chunk (<c>stream_options.include_usage</c>).</summary>
    [Benchmark]
    public Task OpenAIChunks() => EndpointSseWriting.WriteOpenAIAsync(_context, _updates, includeUsage: true);

    /// <summary>An Anthropic Messages event stream.</summary>
    [Benchmark]
    public Task AnthropicEvents() => EndpointSseWriting.WriteAnthropicAsync(_context, _updates);

    private static string Capture(Func<HttpContext, Task> write)
    {
        using var body = new MemoryStream();
        var context = new DefaultHttpContext();
        context.Features.Set<IHttpResponseBodyFeature>(new PipeResponseBody(PipeWriter.Create(body)));
        write(context).GetAwaiter().GetResult();
        return Encoding.UTF8.GetString(body.ToArray());
    }

    private static void Expect(string name, string stream, string marker, int expected)
    {
        var count = 0;
        for (var at = stream.IndexOf(marker, StringComparison.Ordinal); at >= 0; at = stream.IndexOf(marker, at + 1, StringComparison.Ordinal))
        {
            count++;
        }

        if (count != expected)
        {
            throw new InvalidOperationException($"{name} wrote '{marker.Trim()}' {count} times; expected {expected}.\n{stream}");
        }
    }
}
