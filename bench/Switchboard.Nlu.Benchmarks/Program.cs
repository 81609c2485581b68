using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(Switchboard.Nlu.Benchmarks.IntentPredictionBenchmarks).Assembly).Run(args);
