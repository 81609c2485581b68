using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;

namespace Switchboard.Governance.Benchmarks;

/// <summary>
/// Pins the benchmark process to one core, so that the ledger writer's thread shares it with the requests and its CPU
/// time is in the measured time (on two cores it would partly hide on the other one). 40 warm-up iterations (about
/// 25 s): on one core the tiered JIT takes 10 to 15 s to promote the governed path, which runs at up to twice its
/// steady time until then. 20 measured iterations; about four minutes for the whole class on the project's 2-core
/// machine.
/// </summary>
public sealed class OneCoreConfig : ManualConfig
{
    public OneCoreConfig()
    {
        AddJob(Job.Default.WithAffinity(1).WithWarmupCount(40).WithIterationCount(20).WithId("OneCore"));

        // The baseline takes under a nanosecond, so ratios to it are noise; the difference is what counts.
        HideColumns(Column.Ratio, Column.RatioSD, Column.AllocRatio);
    }
}
