using System.Diagnostics;
using Switchboard.Nlu.Features;

namespace Switchboard.Nlu.Classification;

/// <summary>
/// Trains an <see cref="IntentClassifier"/>: TF-IDF features, a linear SVM (Crammer–Singer by default, or one-vs-rest;
/// see <see cref="LinearSolver"/>) with fixed seeds, so the result does not depend on scheduling, then temperature and
/// out-of-scope threshold fitted on the validation set, or on cross-validation folds of the training set when there
/// is none.
/// </summary>
public static class IntentClassifierTrainer
{
    /// <summary>Trains a classifier.</summary>
    /// <param name="training">Labelled training examples.</param>
    /// <param name="validation">Optional labelled validation examples, used only for calibration and the threshold.</param>
    /// <param name="options">Settings; null for the defaults.</param>
    /// <exception cref="ArgumentException">Fewer than two classes or an empty text.</exception>
    public static (IntentClassifier Classifier, IntentTrainingReport Report) Train(
        IReadOnlyList<LabeledText> training,
        IReadOnlyList<LabeledText>? validation = null,
        IntentTrainingOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(training);
        options ??= new IntentTrainingOptions();
        options.Features.Validate();
        var stopwatch = Stopwatch.StartNew();
        var classes = training.Select(e => e.Label).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        var inScopeClasses = classes.Count(c => c != options.OutOfScopeLabel);
        if (options.OutOfScopeShare is < 0 or > 1 || double.IsNaN(options.OutOfScopeShare))
        {
            throw new ArgumentException("The out-of-scope share must be between 0 and 1.", nameof(options));
        }

        if (inScopeClasses < 2)
        {
            throw new ArgumentException("Training needs at least two intents.", nameof(training));
        }

        var vectorizer = TfidfVectorizer.Fit(options.Features, training.Select(e => e.Text).ToList());
        var vectors = training.Select(e => vectorizer.Transform(e.Text)).ToArray();
        var classIndex = classes.Select((c, i) => (c, i)).ToDictionary(p => p.c, p => p.i, StringComparer.Ordinal);
        var targets = training.Select(e => classIndex[e.Label]).ToArray();
        var outOfScopeClass = options.OutOfScopeLabel is { } oos && classIndex.TryGetValue(oos, out var o) ? o : -1;

        float[] weights, bias;
        if (validation is { Count: > 0 } && options.CostCandidates.Count > 0)
        {
            double cost;
            (cost, weights, bias) = SelectCost(vectors, targets, classes, outOfScopeClass, vectorizer, validation, classIndex, options);
            options = options with { Cost = cost };
        }
        else
        {
            (weights, bias) = TrainLinear(vectors, targets, classes.Length, vectorizer.FeatureCount, options);
        }

        var provisional = new IntentClassifier(vectorizer, classes, outOfScopeClass, weights, bias, TemperatureCalibrator.DefaultTemperature, 0);

        List<HeldOutExample> heldOut;
        string source;
        if (validation is { Count: > 0 })
        {
            heldOut = validation.Select(e => HeldOut(provisional, vectorizer.Transform(e.Text), e.Label, classIndex, options.OutOfScopeLabel)).ToList();
            source = "validation";
        }
        else
        {
            heldOut = CrossValidate(vectors, targets, training, classes, classIndex, outOfScopeClass, vectorizer, options);
            source = $"cross-validation ({options.CrossValidationFolds} folds)";
        }

        var temperature = TemperatureCalibrator.Fit(heldOut);
        var calibrated = new IntentClassifier(vectorizer, classes, outOfScopeClass, weights, bias, temperature, 0);
        var threshold = ThresholdSelector.Select(calibrated, heldOut, options.OutOfScopeShare);
        if (validation is { Count: > 0 } && options.RefitOnValidation)
        {
            // Same classes, vocabulary learnt from all examples; calibration stays the one measured on validation.
            var all = training.Concat(validation.Where(e => classIndex.ContainsKey(e.Label))).ToList();
            vectorizer = TfidfVectorizer.Fit(options.Features, all.Select(e => e.Text).ToList());
            (weights, bias) = TrainLinear(
                all.Select(e => vectorizer.Transform(e.Text)).ToArray(),
                all.Select(e => classIndex[e.Label]).ToArray(),
                classes.Length,
                vectorizer.FeatureCount,
                options);
            source += " (then refit on training + validation)";
        }

        var classifier = new IntentClassifier(vectorizer, classes, outOfScopeClass, weights, bias, temperature, threshold);
        stopwatch.Stop();
        return (classifier, new IntentTrainingReport(training.Count, classes.Length, vectorizer.FeatureCount, source, temperature, threshold, stopwatch.Elapsed, options.Cost));
    }

    private static (double Cost, float[] Weights, float[] Bias) SelectCost(
        SparseVector[] vectors,
        int[] targets,
        string[] classes,
        int outOfScopeClass,
        TfidfVectorizer vectorizer,
        IReadOnlyList<LabeledText> validation,
        Dictionary<string, int> classIndex,
        IntentTrainingOptions options)
    {
        // Top-intent accuracy on the in-scope validation examples; the threshold plays no part here. The candidates
        // train in parallel; the choice depends only on their order (ties keep the earlier, options.Cost first).
        var inScope = validation
            .Where(e => e.Label != options.OutOfScopeLabel && classIndex.ContainsKey(e.Label))
            .Select(e => (Vector: vectorizer.Transform(e.Text), Class: classIndex[e.Label]))
            .ToList();
        var candidates = options.CostCandidates.Prepend(options.Cost).Distinct().ToArray();
        var results = new (int Correct, float[] Weights, float[] Bias)[candidates.Length];
        Parallel.For(
            0,
            candidates.Length,
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.MaxDegreeOfParallelism) },
            index =>
            {
                var (weights, bias) = TrainLinear(vectors, targets, classes.Length, vectorizer.FeatureCount, options with { Cost = candidates[index] });
                var model = new IntentClassifier(vectorizer, classes, outOfScopeClass, weights, bias, TemperatureCalibrator.DefaultTemperature, 0);
                var scores = new float[classes.Length];
                var correct = 0;
                foreach (var (vector, target) in inScope)
                {
                    model.Score(vector, scores);
                    var top = -1;
                    for (var c = 0; c < scores.Length; c++)
                    {
                        if (c != outOfScopeClass && (top < 0 || scores[c] > scores[top]))
                        {
                            top = c;
                        }
                    }

                    correct += top == target ? 1 : 0;
                }

                results[index] = (correct, weights, bias);
            });

        var best = 0;
        for (var index = 1; index < candidates.Length; index++)
        {
            if (results[index].Correct > results[best].Correct)
            {
                best = index;
            }
        }

        return (candidates[best], results[best].Weights, results[best].Bias);
    }

    private static HeldOutExample HeldOut(IntentClassifier model, SparseVector x, string label, Dictionary<string, int> classIndex, string? outOfScopeLabel)
    {
        var scores = new float[model.ClassCount];
        model.Score(x, scores);
        var truthOutOfScope = label == outOfScopeLabel;
        return new HeldOutExample(scores, !truthOutOfScope && classIndex.TryGetValue(label, out var c) ? c : -1, truthOutOfScope);
    }

    private static List<HeldOutExample> CrossValidate(
        SparseVector[] vectors,
        int[] targets,
        IReadOnlyList<LabeledText> training,
        string[] classes,
        Dictionary<string, int> classIndex,
        int outOfScopeClass,
        TfidfVectorizer vectorizer,
        IntentTrainingOptions options)
    {
        // Stratified folds: within each class, examples are dealt round-robin after a seeded shuffle. The vocabulary is
        // the full training set's (unsupervised, so no label leaks; idf shifts slightly).
        var folds = Math.Max(2, options.CrossValidationFolds);
        var fold = new int[vectors.Length];
        var random = new Random(options.Seed);
        foreach (var group in Enumerable.Range(0, vectors.Length).GroupBy(i => targets[i]))
        {
            var members = group.ToArray();
            random.Shuffle(members);
            for (var k = 0; k < members.Length; k++)
            {
                fold[members[k]] = k % folds;
            }
        }

        var heldOut = new List<HeldOutExample>(vectors.Length);
        for (var f = 0; f < folds; f++)
        {
            var trainIndices = Enumerable.Range(0, vectors.Length).Where(i => fold[i] != f).ToArray();
            var (weights, bias) = TrainLinear(
                trainIndices.Select(i => vectors[i]).ToArray(),
                trainIndices.Select(i => targets[i]).ToArray(),
                classes.Length,
                vectorizer.FeatureCount,
                options);
            var model = new IntentClassifier(vectorizer, classes, outOfScopeClass, weights, bias, TemperatureCalibrator.DefaultTemperature, 0);
            for (var i = 0; i < vectors.Length; i++)
            {
                if (fold[i] == f)
                {
                    heldOut.Add(HeldOut(model, vectors[i], training[i].Label, classIndex, options.OutOfScopeLabel));
                }
            }
        }

        return heldOut;
    }

    private static (float[] Weights, float[] Bias) TrainLinear(
        SparseVector[] vectors,
        int[] targets,
        int classCount,
        int featureCount,
        IntentTrainingOptions options)
    {
        if (options.Solver == LinearSolver.CrammerSinger)
        {
            return CrammerSingerTrainer.Train(vectors, targets, classCount, featureCount, options.Cost, options.Epsilon, options.MaxIterations, options.Seed);
        }

        var weights = new float[featureCount * classCount];
        var bias = new float[classCount];
        Parallel.For(
            0,
            classCount,
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.MaxDegreeOfParallelism) },
            c =>
            {
                var labels = new sbyte[targets.Length];
                for (var i = 0; i < targets.Length; i++)
                {
                    labels[i] = targets[i] == c ? (sbyte)1 : (sbyte)-1;
                }

                var w = LinearSvmTrainer.Train(vectors, labels, featureCount, options.Cost, options.Epsilon, options.MaxIterations, options.Seed + c);

                // Each class writes its own column: no two threads touch the same element.
                for (var f = 0; f < featureCount; f++)
                {
                    weights[(f * classCount) + c] = (float)w[f];
                }

                bias[c] = (float)w[featureCount];
            });
        return (weights, bias);
    }
}
