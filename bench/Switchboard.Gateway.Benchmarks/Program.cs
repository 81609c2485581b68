using BenchmarkDotNet.Running;

namespace Switchboard.Gateway.Benchmarks;

// Not top-level statements: Switchboard.Server's public Program class would clash with a generated one.
internal static class Program
{
    private static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
