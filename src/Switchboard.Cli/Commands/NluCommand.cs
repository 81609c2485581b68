using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Switchboard.Nlu.Classification;
using Switchboard.Nlu.Data;
using Switchboard.Nlu.Evaluation;
using Switchboard.Nlu.Sentiment;
using Switchboard.Nlu.Slots;

namespace Switchboard.Cli.Commands;

/// <summary><c>switchboard nlu</c>: train, evaluate and try the built-in intent classifier.</summary>
internal static class NluCommand
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static Command Create()
    {
        var command = new Command("nlu", "Train, evaluate and query the built-in intent classifier (no network, no LLM).");
        command.Subcommands.Add(Train());
        command.Subcommands.Add(Evaluate());
        command.Subcommands.Add(Predict());
        return command;
    }

    private static Command Train()
    {
        var data = new Option<string>("--data") { Description = "Training examples: CSV with header 'text,label' (RFC 4180) or JSONL {\"text\",\"label\"}.", Required = true };
        var valid = new Option<string?>("--valid") { Description = "Validation examples (same formats), used only to calibrate confidence and choose the out-of-scope threshold. Without it, cross-validation on the training set is used." };
        var oos = new Option<string?>("--oos-label") { Description = "The label of out-of-scope examples, e.g. 'oos'." };
        var output = new Option<string>("--out") { Description = "Where to write the model file.", Required = true };
        var cost = new Option<double>("--cost") { Description = "SVM cost C.", DefaultValueFactory = _ => new IntentTrainingOptions().Cost };
        var solver = new Option<LinearSolver>("--solver") { Description = "How the linear weights are learnt: CrammerSinger (one multi-class SVM) or OneVsRest (a binary SVM per class).", DefaultValueFactory = _ => new IntentTrainingOptions().Solver };
        var share = new Option<double>("--oos-share") { Description = "Expected share of out-of-scope messages in live traffic; weighs in-scope accuracy against out-of-scope recall when the threshold is chosen.", DefaultValueFactory = _ => new IntentTrainingOptions().OutOfScopeShare };
        var noRefit = new Option<bool>("--no-refit") { Description = "Keep the model trained on --data only, instead of retraining on --data and --valid after calibration." };
        var wordNgrams = new Option<int>("--max-word-ngram") { Description = "Largest word n-gram.", DefaultValueFactory = _ => new Switchboard.Nlu.Features.FeatureOptions().MaxWordNgram };
        var charNgrams = new Option<int>("--max-char-ngram") { Description = "Largest character n-gram inside a word.", DefaultValueFactory = _ => new Switchboard.Nlu.Features.FeatureOptions().MaxCharNgram };
        var numbers = new Option<bool>("--number-placeholders") { Description = "Treat every number of two or more digits as one placeholder token (helps with a handful of examples per intent)." };
        var stem = new Option<bool>("--stem") { Description = "Build word n-grams from English stems, so 'invoices' and 'invoice' share a feature (helps with a handful of examples per intent)." };
        var seed = new Option<int>("--seed") { Description = "Random seed; training is deterministic for a seed.", DefaultValueFactory = _ => new IntentTrainingOptions().Seed };
        var command = new Command("train", "Train an intent classifier and write it to a model file.") { data, valid, oos, output, solver, cost, share, noRefit, wordNgrams, charNgrams, numbers, stem, seed };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var stdout = parseResult.InvocationConfiguration.Output;
            var stderr = parseResult.InvocationConfiguration.Error;
            try
            {
                var training = LabeledTextReader.ReadFile(parseResult.GetValue(data)!);
                var validation = parseResult.GetValue(valid) is { } validPath ? LabeledTextReader.ReadFile(validPath) : null;
                var options = new IntentTrainingOptions
                {
                    OutOfScopeLabel = parseResult.GetValue(oos),
                    Solver = parseResult.GetValue(solver),
                    Cost = parseResult.GetValue(cost),
                    CostCandidates = parseResult.GetResult(cost) is { Implicit: false } ? [] : new IntentTrainingOptions().CostCandidates,
                    Seed = parseResult.GetValue(seed),
                    OutOfScopeShare = parseResult.GetValue(share),
                    RefitOnValidation = !parseResult.GetValue(noRefit),
                    Features = new Switchboard.Nlu.Features.FeatureOptions
                    {
                        MaxWordNgram = parseResult.GetValue(wordNgrams),
                        MaxCharNgram = parseResult.GetValue(charNgrams),
                        NumberPlaceholders = parseResult.GetValue(numbers),
                        StemWords = parseResult.GetValue(stem),
                    },
                };
                var (classifier, report) = IntentClassifierTrainer.Train(training, validation, options);
                var path = parseResult.GetValue(output)!;
                classifier.Save(path);
                await stdout.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"trained {report.Classes} classes on {report.Examples} examples, {report.Features} features, in {report.Elapsed.TotalSeconds:F1} s"));
                await stdout.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"calibrated on {report.CalibrationSource}: cost {report.Cost}, temperature {report.Temperature:F2}, out-of-scope threshold {report.Threshold:F4}"));
                await stdout.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"wrote {path} ({new FileInfo(path).Length / 1024.0 / 1024.0:F1} MB)"));
                return 0;
            }
            catch (Exception exception) when (exception is DataFormatException or ArgumentException or IOException or UnauthorizedAccessException)
            {
                await stderr.WriteLineAsync($"error: {exception.Message}");
                return 1;
            }
        });
        return command;
    }

    private static Command Evaluate()
    {
        var model = new Option<string>("--model") { Description = "A model file written by 'nlu train'.", Required = true };
        var test = new Option<string>("--test") { Description = "Test examples: CSV 'text,label' or JSONL.", Required = true };
        var oos = new Option<string?>("--oos-label") { Description = "The label of out-of-scope test examples; rejected predictions count as this label." };
        var json = new Option<bool>("--json") { Description = "Print the report as JSON." };
        var threshold = new Option<double?>("--threshold") { Description = "Evaluate at this out-of-scope threshold instead of the model's own (to study the trade-off on validation data)." };
        var command = new Command("eval", "Evaluate a model: accuracy, macro-F1, in-scope accuracy, out-of-scope precision/recall/F1, latency, size.") { model, test, oos, json, threshold };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var stdout = parseResult.InvocationConfiguration.Output;
            var stderr = parseResult.InvocationConfiguration.Error;
            try
            {
                var modelPath = parseResult.GetValue(model)!;
                var loadStarted = System.Diagnostics.Stopwatch.GetTimestamp();
                var classifier = IntentClassifier.Load(modelPath);
                if (parseResult.GetValue(threshold) is { } fixedThreshold)
                {
                    classifier = classifier.WithThreshold(fixedThreshold);
                }

                var loadMs = System.Diagnostics.Stopwatch.GetElapsedTime(loadStarted).TotalMilliseconds;
                var examples = LabeledTextReader.ReadFile(parseResult.GetValue(test)!);
                var report = IntentEvaluator.Evaluate(classifier, examples, parseResult.GetValue(oos));
                var sizeBytes = new FileInfo(modelPath).Length;
                if (parseResult.GetValue(json))
                {
                    await stdout.WriteLineAsync(JsonSerializer.Serialize(new { report, model_bytes = sizeBytes, load_ms = loadMs }, Json));
                    return 0;
                }

                var lines = new List<string>
                {
                    $"examples              {report.Examples}",
                    $"accuracy              {report.Accuracy:F4}",
                    $"macro-F1              {report.MacroF1:F4}",
                    $"in-scope accuracy     {report.InScopeAccuracy:F4}",
                    $"top-intent accuracy   {report.TopIntentAccuracy:F4} (in scope, threshold ignored)",
                };
                if (report.OutOfScopeRecall is not null)
                {
                    lines.Add($"out-of-scope P/R/F1   {report.OutOfScopePrecision:F4} / {report.OutOfScopeRecall:F4} / {report.OutOfScopeF1:F4}");
                }

                lines.Add($"latency p50 / p99     {report.LatencyP50Microseconds:F1} / {report.LatencyP99Microseconds:F1} µs");
                lines.Add($"model                 {sizeBytes / 1024.0 / 1024.0:F1} MB, loaded in {loadMs:F0} ms");
                foreach (var line in lines)
                {
                    await stdout.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{line}"));
                }

                return 0;
            }
            catch (Exception exception) when (exception is DataFormatException or InvalidDataException or IOException or UnauthorizedAccessException)
            {
                await stderr.WriteLineAsync($"error: {exception.Message}");
                return 1;
            }
        });
        return command;
    }

    private static Command Predict()
    {
        var model = new Option<string>("--model") { Description = "A model file written by 'nlu train'.", Required = true };
        var text = new Argument<string>("text") { Description = "The text to classify." };
        var command = new Command("predict", "Analyse one text: intent (or out of scope) with confidence, slots and sentiment.") { model, text };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var stdout = parseResult.InvocationConfiguration.Output;
            var stderr = parseResult.InvocationConfiguration.Error;
            try
            {
                var classifier = IntentClassifier.Load(parseResult.GetValue(model)!);
                var input = parseResult.GetValue(text)!;
                var prediction = classifier.Predict(input);
                var today = DateOnly.FromDateTime(TimeProvider.System.GetLocalNow().DateTime);
                var slots = new SlotExtractor().Extract(input, today);
                var sentiment = new SentimentAnalyzer().Analyze(input);
                await stdout.WriteLineAsync(JsonSerializer.Serialize(new
                {
                    intent = prediction.Intent,
                    out_of_scope = prediction.IsOutOfScope,
                    confidence = Math.Round(prediction.Confidence, 4),
                    ranking = prediction.Ranking.Select(r => new { intent = r.Intent, probability = Math.Round(r.Probability, 4) }),
                    slots = slots.Select(s => new { type = s.Type, text = s.Text, start = s.Start, length = s.Length, value = s.Value }),
                    sentiment = new { label = sentiment.Label.ToString().ToLowerInvariant(), score = Math.Round(sentiment.Score, 4) },
                }, Json));
                return 0;
            }
            catch (Exception exception) when (exception is InvalidDataException or IOException or UnauthorizedAccessException)
            {
                await stderr.WriteLineAsync($"error: {exception.Message}");
                return 1;
            }
        });
        return command;
    }
}
