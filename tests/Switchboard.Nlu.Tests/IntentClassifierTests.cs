using Switchboard.Nlu.Classification;
using Switchboard.Nlu.Evaluation;

namespace Switchboard.Nlu.Tests;

public sealed class IntentClassifierTests
{
    private static readonly Lazy<(IntentClassifier Classifier, IntentTrainingReport Report)> Trained =
        new(() => IntentClassifierTrainer.Train(Fixtures.Train, Fixtures.Valid, Fixtures.Options));

    [Theory]
    [InlineData("where is my order right now", "track_order")]
    [InlineData("我的包裹到哪里了", "track_order")]
    [InlineData("please cancel my order", "cancel_order")]
    [InlineData("我想取消这个订单", "cancel_order")]
    [InlineData("I need a refund for the damaged item", "request_refund")]
    [InlineData("我要申请退款", "request_refund")]
    [InlineData("change the delivery address", "change_address")]
    [InlineData("转人工客服", "contact_human")]
    public void Predict_InScopeEnglishAndChinese_NamesTheIntent(string text, string intent)
    {
        var prediction = Trained.Value.Classifier.Predict(text);

        Assert.Equal(intent, prediction.Intent);
        Assert.Equal(intent, prediction.Ranking[0].Intent);
        Assert.InRange(prediction.Confidence, Trained.Value.Classifier.Threshold, 1.0);
    }

    [Theory]
    [InlineData("what's the weather in Paris")]
    [InlineData("给我讲一个笑话")]
    public void Predict_OutOfScope_SaysNoneOfThese(string text)
    {
        var prediction = Trained.Value.Classifier.Predict(text);

        Assert.True(prediction.IsOutOfScope);
        Assert.Null(prediction.Intent);
        Assert.DoesNotContain(prediction.Ranking, r => r.Intent == "oos");
    }

    [Fact]
    public void Predict_ProbabilitiesAreCalibratedAndRanked()
    {
        var prediction = Trained.Value.Classifier.Predict("where is my order");

        Assert.InRange(prediction.Ranking.Count, 2, 5);
        Assert.Equal(prediction.Ranking.OrderByDescending(r => r.Probability), prediction.Ranking);
        Assert.True(prediction.Ranking.Sum(r => r.Probability) <= 1.0 + 1e-9);
        Assert.Equal(prediction.Confidence, prediction.Ranking[0].Probability, 9);
    }

    [Fact]
    public void Train_SameDataAndSeed_WritesIdenticalModelFiles()
    {
        var first = Save(IntentClassifierTrainer.Train(Fixtures.Train, Fixtures.Valid, Fixtures.Options).Classifier);
        var second = Save(IntentClassifierTrainer.Train(Fixtures.Train, Fixtures.Valid, Fixtures.Options with { MaxDegreeOfParallelism = 1 }).Classifier);

        Assert.Equal(first, second);
    }

    [Fact]
    public void SaveLoad_RoundTrip_PredictsExactlyTheSame()
    {
        var original = Trained.Value.Classifier;

        var loaded = IntentClassifier.Load(new MemoryStream(Save(original)));

        Assert.Equal(original.Threshold, loaded.Threshold);
        Assert.Equal(original.Temperature, loaded.Temperature);
        Assert.Equal(original.Intents, loaded.Intents);
        Assert.Equal("oos", loaded.OutOfScopeLabel);
        foreach (var example in Fixtures.Valid)
        {
            Assert.Equal(original.Predict(example.Text), loaded.Predict(example.Text), new PredictionComparer());
        }
    }

    [Fact]
    public void Load_NotAModel_FailsClearly()
    {
        var exception = Assert.Throws<InvalidDataException>(() => IntentClassifier.Load(new MemoryStream("hello world, not a model"u8.ToArray())));

        Assert.Contains("Not a Switchboard intent model", exception.Message);
    }

    [Fact]
    public void Load_TruncatedOrOtherVersion_FailsClearly()
    {
        var bytes = Save(Trained.Value.Classifier);

        Assert.Contains("truncated", Assert.Throws<InvalidDataException>(() => IntentClassifier.Load(new MemoryStream(bytes[..(bytes.Length / 2)]))).Message);
        bytes[8] = 99; // the format version follows the 8-byte magic
        Assert.Contains("version 99", Assert.Throws<InvalidDataException>(() => IntentClassifier.Load(new MemoryStream(bytes))).Message);
    }

    [Fact]
    public void SaveLoad_KeepsTheFeatureFlags()
    {
        var options = Fixtures.Options with { Features = new() { NumberPlaceholders = true, StemWords = true } };
        var (classifier, _) = IntentClassifierTrainer.Train(Fixtures.Train, Fixtures.Valid, options);

        var loaded = IntentClassifier.Load(new MemoryStream(Save(classifier)));

        Assert.True(loaded.Features.NumberPlaceholders);
        Assert.True(loaded.Features.StemWords);
        foreach (var text in new[] { "I want to cancel orders 12345 and 67890", "where are my refunds" })
        {
            Assert.Equal(classifier.Predict(text).Confidence, loaded.Predict(text).Confidence, 12);
        }
    }

    [Fact]
    public void Load_VersionOneFile_ReadsWithTheFlagsOff()
    {
        // A version 1 file is a version 2 file without the flags word that follows the six feature settings.
        var bytes = Save(Trained.Value.Classifier);
        const int flagsOffset = 8 + 4 + (6 * 4);
        Assert.Equal(0, BitConverter.ToInt32(bytes, flagsOffset));
        var version1 = bytes[..flagsOffset].Concat(bytes[(flagsOffset + 4)..]).ToArray();
        BitConverter.GetBytes(1).CopyTo(version1, 8);

        var loaded = IntentClassifier.Load(new MemoryStream(version1));

        Assert.False(loaded.Features.NumberPlaceholders);
        Assert.False(loaded.Features.StemWords);
        Assert.Equal(Trained.Value.Classifier.Predict("please cancel my order").Confidence, loaded.Predict("please cancel my order").Confidence, 12);
    }

    [Fact]
    public void Load_CorruptNameLength_FailsAsInvalidData()
    {
        // The first class name's 7-bit length prefix follows magic, version, six settings, flags and the class count.
        var bytes = Save(Trained.Value.Classifier);
        bytes.AsSpan(8 + 4 + (6 * 4) + 4 + 4, 6).Fill(0xFF);

        Assert.Contains("corrupt", Assert.Throws<InvalidDataException>(() => IntentClassifier.Load(new MemoryStream(bytes))).Message);
    }

    [Fact]
    public void Load_UnknownFeatureFlags_AreRefused()
    {
        var bytes = Save(Trained.Value.Classifier);
        BitConverter.GetBytes(1 << 7).CopyTo(bytes, 8 + 4 + (6 * 4));

        Assert.Contains("unknown feature flags", Assert.Throws<InvalidDataException>(() => IntentClassifier.Load(new MemoryStream(bytes))).Message);
    }

    [Fact]
    public void Load_CorruptFeatureSettings_AreRefusedBeforeUse()
    {
        var bytes = Save(Trained.Value.Classifier);
        BitConverter.GetBytes(10_000_000).CopyTo(bytes, 12 + (4 * 4)); // MaxCjkNgram, after magic, version, 4 settings

        var exception = Assert.Throws<InvalidDataException>(() => IntentClassifier.Load(new MemoryStream(bytes)));

        Assert.Contains("invalid feature settings", exception.Message);
    }

    [Fact]
    public void Train_CostIsChosenOnValidationOnlyWhenCandidatesAreGiven()
    {
        var chosen = IntentClassifierTrainer.Train(Fixtures.Train, Fixtures.Valid, Fixtures.Options with { CostCandidates = [0.01, 0.5, 4] }).Report;
        var fixedCost = IntentClassifierTrainer.Train(Fixtures.Train, Fixtures.Valid, Fixtures.Options with { Cost = 0.7, CostCandidates = [] }).Report;
        var noValidation = IntentClassifierTrainer.Train(Fixtures.Train, null, Fixtures.Options with { Cost = 0.7 }).Report;

        Assert.Contains(chosen.Cost, new[] { 0.01, 0.5, 4 });
        Assert.Equal(0.7, fixedCost.Cost);
        Assert.Equal(0.7, noValidation.Cost);
    }

    [Fact]
    public void Train_WithoutValidation_CalibratesByCrossValidation()
    {
        var (classifier, report) = IntentClassifierTrainer.Train(Fixtures.Train, null, Fixtures.Options);

        Assert.StartsWith("cross-validation (3 folds)", report.CalibrationSource);
        Assert.InRange(classifier.Threshold, 0, 1);
        Assert.Equal("track_order", classifier.Predict("where is my parcel").Intent);
        Assert.True(classifier.Predict("给我讲一个笑话").IsOutOfScope);
    }

    [Fact]
    public void Threshold_IsFixedByTrainingAndNotChangedByEvaluation()
    {
        var (classifier, report) = Trained.Value;

        var before = classifier.Threshold;
        IntentEvaluator.Evaluate(classifier, Fixtures.Valid, "oos");

        Assert.StartsWith("validation", report.CalibrationSource);
        Assert.Equal(before, classifier.Threshold);
        Assert.Equal(report.Threshold, classifier.Threshold);
    }

    [Fact]
    public void Train_FewerThanTwoIntents_Throws()
    {
        Assert.Throws<ArgumentException>(() => IntentClassifierTrainer.Train([new("a", "x"), new("b", "x"), new("c", "oos")], null, Fixtures.Options));
    }

    [Fact]
    public void Evaluate_ReportsAccuracyOutOfScopeMetricsAndLatency()
    {
        var report = IntentEvaluator.Evaluate(Trained.Value.Classifier, Fixtures.Valid, "oos");

        Assert.Equal(12, report.Examples);
        Assert.InRange(report.Accuracy, 0.75, 1.0);
        Assert.NotNull(report.OutOfScopeRecall);
        Assert.True(report.LatencyP50Microseconds > 0);
        Assert.True(report.LatencyP99Microseconds >= report.LatencyP50Microseconds);
    }

    private static byte[] Save(IntentClassifier classifier)
    {
        var stream = new MemoryStream();
        classifier.Save(stream);
        return stream.ToArray();
    }

    private sealed class PredictionComparer : IEqualityComparer<IntentPrediction>
    {
        public bool Equals(IntentPrediction? x, IntentPrediction? y) =>
            x!.Intent == y!.Intent && x.Confidence.Equals(y.Confidence) && x.Ranking.SequenceEqual(y.Ranking);

        public int GetHashCode(IntentPrediction obj) => obj.Intent?.GetHashCode(StringComparison.Ordinal) ?? 0;
    }
}
