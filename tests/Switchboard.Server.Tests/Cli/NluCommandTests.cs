using System.Text.Json;
using Switchboard.Cli;

using static Switchboard.Server.Tests.Infrastructure.CliRunner;

namespace Switchboard.Server.Tests.Cli;

/// <summary>Drives <c>switchboard nlu train | eval | predict</c> as a user would.</summary>
public sealed class NluCommandTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "switchboard-nlu-cli", Guid.NewGuid().ToString("N"));

    public NluCommandTests() => Directory.CreateDirectory(_directory);

    private static string Train => Path.Combine(AppContext.BaseDirectory, "Fixtures", "nlu", "support-train.csv");

    private static string Valid => Path.Combine(AppContext.BaseDirectory, "Fixtures", "nlu", "support-valid.csv");

    private string Model => Path.Combine(_directory, "model.bin");

    [Fact]
    public async Task TrainEvalPredict_EndToEnd()
    {
        var train = await RunAsync("nlu", "train", "--data", Train, "--valid", Valid, "--oos-label", "oos", "--out", Model);
        Assert.Equal(0, train.ExitCode);
        Assert.Contains("trained 6 classes on 46 examples", train.Output);
        Assert.Contains("calibrated on validation", train.Output);
        Assert.True(File.Exists(Model));

        var eval = await RunAsync("nlu", "eval", "--model", Model, "--test", Valid, "--oos-label", "oos", "--json");
        Assert.Equal(0, eval.ExitCode);
        var report = JsonDocument.Parse(eval.Output).RootElement;
        Assert.Equal(12, report.GetProperty("report").GetProperty("examples").GetInt32());
        Assert.InRange(report.GetProperty("report").GetProperty("accuracy").GetDouble(), 0.75, 1.0);
        Assert.True(report.GetProperty("report").TryGetProperty("out_of_scope_recall", out _));
        Assert.True(report.GetProperty("model_bytes").GetInt64() > 0);

        var text = await RunAsync("nlu", "eval", "--model", Model, "--test", Valid, "--oos-label", "oos");
        Assert.Contains("out-of-scope P/R/F1", text.Output);
        Assert.Contains("latency p50 / p99", text.Output);

        var predict = await RunAsync("nlu", "predict", "--model", Model, "I want a refund for order ORD-12345, this is terrible!");
        Assert.Equal(0, predict.ExitCode);
        var prediction = JsonDocument.Parse(predict.Output).RootElement;
        Assert.Equal("request_refund", prediction.GetProperty("intent").GetString());
        Assert.Contains(prediction.GetProperty("slots").EnumerateArray(), s => s.GetProperty("type").GetString() == "order_number" && s.GetProperty("value").GetString() == "ORD-12345");
        Assert.Equal("negative", prediction.GetProperty("sentiment").GetProperty("label").GetString());

        var outOfScope = await RunAsync("nlu", "predict", "--model", Model, "明天天气怎么样");
        Assert.True(JsonDocument.Parse(outOfScope.Output).RootElement.GetProperty("out_of_scope").GetBoolean());
    }

    [Theory]
    [InlineData("CrammerSinger")]
    [InlineData("OneVsRest")]
    public async Task Train_EitherSolver_WritesAModelThatPredicts(string solver)
    {
        var train = await RunAsync("nlu", "train", "--data", Train, "--oos-label", "oos", "--solver", solver, "--out", Model);
        Assert.Equal(0, train.ExitCode);

        var predict = await RunAsync("nlu", "predict", "--model", Model, "please cancel my order");
        Assert.Equal("cancel_order", JsonDocument.Parse(predict.Output).RootElement.GetProperty("intent").GetString());
    }

    [Fact]
    public async Task Train_NumberPlaceholdersAndStem_AreStoredInTheModel()
    {
        var train = await RunAsync("nlu", "train", "--data", Train, "--oos-label", "oos", "--number-placeholders", "--stem", "--out", Model);
        Assert.Equal(0, train.ExitCode);

        var features = Switchboard.Nlu.Classification.IntentClassifier.Load(Model).Features;
        Assert.True(features.NumberPlaceholders);
        Assert.True(features.StemWords);
        var predict = await RunAsync("nlu", "predict", "--model", Model, "please cancel my orders 12345 and 67890");
        Assert.Equal("cancel_order", JsonDocument.Parse(predict.Output).RootElement.GetProperty("intent").GetString());
    }

    [Fact]
    public async Task Train_UnknownSolver_IsRefused()
    {
        var train = await RunAsync("nlu", "train", "--data", Train, "--solver", "Perceptron", "--out", Model);

        Assert.NotEqual(0, train.ExitCode);
        Assert.Contains("Perceptron", train.Output + train.Error);
        Assert.False(File.Exists(Model));
    }

    [Theory]
    [InlineData("text,label\nhello\n", ":2: expected 2 fields, found 1")]
    [InlineData("words,intent\nhello,greeting\n", ":1: the header must name the columns 'text' and 'label'")]
    [InlineData("text,label\n\"open quote,greeting\n", ":2: a quoted field is not closed")]
    public async Task Train_MalformedFile_NamesFileAndLine(string content, string expected)
    {
        var data = Path.Combine(_directory, "bad.csv");
        await File.WriteAllTextAsync(data, content);

        var result = await RunAsync("nlu", "train", "--data", data, "--out", Model);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(data + expected, result.Error);
        Assert.False(File.Exists(Model));
    }

    [Fact]
    public async Task Train_MalformedJsonLines_NamesFileAndLine()
    {
        var data = Path.Combine(_directory, "bad.jsonl");
        await File.WriteAllTextAsync(data, "{\"text\":\"hi\",\"label\":\"greet\"}\n{\"text\":\"oops\"}\n");

        var result = await RunAsync("nlu", "train", "--data", data, "--out", Model);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(data + ":2: expected an object with string fields 'text' and 'label'", result.Error);
    }

    [Fact]
    public async Task Eval_NotAModelFile_FailsClearly()
    {
        var fake = Path.Combine(_directory, "fake.bin");
        await File.WriteAllTextAsync(fake, "not a model");

        var result = await RunAsync("nlu", "eval", "--model", fake, "--test", Valid);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("Not a Switchboard intent model", result.Error);
    }

    [Fact]
    public async Task Predict_MissingModel_FailsClearly()
    {
        var result = await RunAsync("nlu", "predict", "--model", Path.Combine(_directory, "none.bin"), "hi");

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("error:", result.Error);
    }

    [Theory]
    [InlineData("train", "--oos-label")]
    [InlineData("eval", "--test")]
    [InlineData("predict", "--model")]
    public async Task EveryNluCommand_HasHelp(string command, string expected)
    {
        var result = await RunAsync("nlu", command, "--help");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains(expected, result.Output);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
