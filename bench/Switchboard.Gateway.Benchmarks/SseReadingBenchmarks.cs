using System.Text;
using BenchmarkDotNet.Attributes;
using Switchboard.Abstractions.Streaming;
using Switchboard.Providers.OpenAI.Tests.Wire;

namespace Switchboard.Gateway.Benchmarks;

/// <summary>
/// <see cref="SseEventReader"/> splitting an upstream's Server-Sent Events: a usual stream (21 chunk events of the load
/// harness's shape, in 4 KiB reads) and one long event that arrives in 1 KiB reads, as a large tool-call argument or a
/// hostile upstream would send it. The reader must stay linear in the event's length however small the reads are.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(ShortRunConfig))]
public class SseReadingBenchmarks
{
    private const int LongEventBytes = 4 << 20;

    private byte[] _usual = [];
    private byte[] _long = [];

    [GlobalSetup]
    public void Setup()
    {
        var usual = new StringBuilder();
        for (var i = 0; i < 21; i++)
        {
            usual.Append("data: {\"id\":\"chatcmpl-fake\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\" w")
                .Append(i).Append("\"},\"finish_reason\":null}]}\n\n");
        }

        usual.Append("data: [DONE]\n\n");
        _usual = Encoding.UTF8.GetBytes(usual.ToString());
        _long = Encoding.ASCII.GetBytes("data: " + new string('a', LongEventBytes) + "\n\n");

        if (UsualStream().GetAwaiter().GetResult() != 22 || LongEventInSmallReads().GetAwaiter().GetResult() != LongEventBytes)
        {
            throw new InvalidOperationException("The reader did not return the events the setup wrote.");
        }
    }

    /// <summary>22 events (21 chunks and <c>[DONE]</c>), about 2.4 KB, in 4 KiB reads.</summary>
    /// <returns>The number of events.</returns>
    [Benchmark]
    public async Task<int> UsualStream()
    {
        using var reader = new SseEventReader(new TrickleStream(_usual, 4096));
        var events = 0;
        while (await reader.ReadAsync(CancellationToken.None))
        {
            events++;
        }

        return events;
    }

    /// <summary>One event with 4 MiB of data, in 1 KiB reads.</summary>
    /// <returns>The event's data length.</returns>
    [Benchmark]
    public async Task<int> LongEventInSmallReads()
    {
        using var reader = new SseEventReader(new TrickleStream(_long, 1024));
        return await reader.ReadAsync(CancellationToken.None) ? reader.Data.Length : -1;
    }
}
