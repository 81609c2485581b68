using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using Perfolizer.Horology;
using Perfolizer.Metrology;

namespace Switchboard.Gateway.Benchmarks;

/// <summary>
/// A short, bounded job, so that all the classes together run in about four minutes on the project's 2-core machine,
/// build included: 250 ms iterations, 8 warm-up and 12 measured, one launch. Not pinned to a core (unlike the governance
/// benchmarks' <c>OneCoreConfig</c>): nothing measured here runs on another thread, except the ledger writer's batches,
/// which the server runs off the request path too. Sizes in bytes, so that per-chunk differences can be read exactly.
/// </summary>
/// <remarks>
/// <c>DOTNET_TC_CallCountingDelayMs=0</c> lets the tiered JIT start counting calls at once instead of after 100 ms
/// without new tier-0 code. The whole pipeline is hundreds of methods; with the delay it took 2 s (non-streaming) and
/// 4 s (streaming) to reach tier 1, longer than the pilot and warm-up stages, so the pilot chose 40 ms iterations from
/// tier-0 timings and the measured iterations were still falling. Without the delay both reach tier 1 within 1.5 s, at
/// the same steady time (6.5 and 12.1 µs in a plain loop): the code measured is the same, with dynamic PGO, as the
/// server runs after its first seconds.
/// </remarks>
public sealed class ShortRunConfig : ManualConfig
{
    public ShortRunConfig()
    {
        AddJob(Job.Default
            .WithIterationTime(TimeInterval.FromMilliseconds(250))
            .WithWarmupCount(8)
            .WithIterationCount(12)
            .WithLaunchCount(1)
            .WithEnvironmentVariables(new EnvironmentVariable("DOTNET_TC_CallCountingDelayMs", "0"))
            .WithId("Short"));
        SummaryStyle = SummaryStyle.Default.WithSizeUnit(SizeUnit.B);
    }
}
