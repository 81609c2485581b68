using BenchmarkDotNet.Attributes;
using Switchboard.Nlu.Classification;
using Switchboard.Nlu.Data;

namespace Switchboard.Nlu.Benchmarks;

/// <summary>Single-text prediction on a banking77 model (77 intents) and a clinc150 model (151 classes), one thread.</summary>
[MemoryDiagnoser]
public class IntentPredictionBenchmarks
{
    private IntentClassifier _banking = null!;
    private IntentClassifier _clinc = null!;
    private string[] _bankingTexts = null!;
    private string[] _clincTexts = null!;
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        var root = Datasets.Root();
        var options = new IntentTrainingOptions();
        _banking = IntentClassifierTrainer.Train(
            LabeledTextReader.ReadFile(Path.Combine(root, "intents", "banking77", "train.csv")),
            LabeledTextReader.ReadFile(Path.Combine(root, "intents", "banking77", "valid.csv")),
            options).Classifier;
        _clinc = IntentClassifierTrainer.Train(
            LabeledTextReader.ReadFile(Path.Combine(root, "intents", "clinc150", "train.csv")),
            LabeledTextReader.ReadFile(Path.Combine(root, "intents", "clinc150", "valid.csv")),
            options with { OutOfScopeLabel = "oos" }).Classifier;
        _bankingTexts = LabeledTextReader.ReadFile(Path.Combine(root, "intents", "banking77", "test.csv")).Select(e => e.Text).ToArray();
        _clincTexts = LabeledTextReader.ReadFile(Path.Combine(root, "intents", "clinc150", "test.csv")).Select(e => e.Text).ToArray();
    }

    [Benchmark(Baseline = true)]
    public IntentPrediction PredictBanking77() => _banking.Predict(_bankingTexts[_next++ % _bankingTexts.Length]);

    [Benchmark]
    public IntentPrediction PredictClinc150() => _clinc.Predict(_clincTexts[_next++ % _clincTexts.Length]);
}
