using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.AI;
using Switchboard.Abstractions.Governance;

namespace Switchboard.Gateway.Benchmarks;

/// <summary>
/// What the model-call pipeline adds to one chat request (issue 7): the same request through the adapter alone
/// (<see cref="PipelineEntry.Bare"/>) and through the whole pipeline as the server composes it
/// (<see cref="PipelineEntry.Full"/>), non-streaming and streaming (20 text deltas and a final update). The entries in
/// between start at one stage each, so that neighbouring rows show what each stage costs.
/// </summary>
/// <remarks>
/// Every call runs under the caller's <see cref="ModelCallContext"/>, pushed as the access middleware pushes it, the bare
/// one too: the difference between rows is the stages' alone.
/// </remarks>
[MemoryDiagnoser]
[Config(typeof(ShortRunConfig))]
public class PipelineBenchmarks
{
    private GatewayHost _host = null!;
    private IChatClient _entry = null!;

    [ParamsAllValues]
    public PipelineEntry Entry { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _host = GatewayHost.Create();
        _host.CheckAsync().GetAwaiter().GetResult();
        _entry = _host.From(Entry);
    }

    [GlobalCleanup]
    public void Cleanup() => _host.DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <summary>One non-streaming call.</summary>
    [Benchmark]
    public async Task<ChatResponse> GetResponse()
    {
        using (ModelCallContext.Push(_host.Context))
        {
            return await _entry.GetResponseAsync(_host.Messages, _host.Options);
        }
    }

    /// <summary>One streaming call, read to its end: 20 text deltas and the final update.</summary>
    [Benchmark]
    public async Task<int> GetStreamingResponse()
    {
        using (ModelCallContext.Push(_host.Context))
        {
            var updates = 0;
            await foreach (var update in _entry.GetStreamingResponseAsync(_host.Messages, _host.Options))
            {
                updates++;
            }

            return updates;
        }
    }
}
