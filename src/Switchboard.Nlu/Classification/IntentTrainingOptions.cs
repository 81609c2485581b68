using Switchboard.Nlu.Features;

namespace Switchboard.Nlu.Classification;

/// <summary>Settings of <see cref="IntentClassifierTrainer"/>; every default is what the benchmarks use.</summary>
public sealed record IntentTrainingOptions
{
    /// <summary>Gets the n-gram settings.</summary>
    public FeatureOptions Features { get; init; } = new();

    /// <summary>Gets how the linear weights are learnt.</summary>
    /// <value>The default is <see cref="LinearSolver.CrammerSinger"/>.</value>
    public LinearSolver Solver { get; init; } = LinearSolver.CrammerSinger;

    /// <summary>Gets the SVM cost C (inverse regularisation strength).</summary>
    /// <value>The default is 0.5.</value>
    public double Cost { get; init; } = 0.5;

    /// <summary>
    /// Gets the costs tried when a validation set is given: each is trained on the training set, and the one with the
    /// best top-intent accuracy on the validation set is kept (ties keep <see cref="Cost"/>). Empty to always use
    /// <see cref="Cost"/>.
    /// </summary>
    /// <value>The default is 0.25, 0.5, 1 and 2.</value>
    public IReadOnlyList<double> CostCandidates { get; init; } = [0.25, 0.5, 1, 2];

    /// <summary>Gets the dual solver's stopping tolerance.</summary>
    /// <value>The default is 0.1 (LIBLINEAR's default for this solver).</value>
    public double Epsilon { get; init; } = 0.1;

    /// <summary>Gets the most passes over the data per class.</summary>
    /// <value>The default is 1000.</value>
    public int MaxIterations { get; init; } = 1000;

    /// <summary>Gets the random seed; training is deterministic for a given seed and data.</summary>
    /// <value>The default is 42.</value>
    public int Seed { get; init; } = 42;

    /// <summary>
    /// Gets the label that marks out-of-scope examples, when the data has them. Such examples are learnt as a class of
    /// their own and are never predicted as an intent: a text that lands there is out of scope.
    /// </summary>
    public string? OutOfScopeLabel { get; init; }

    /// <summary>
    /// Gets the share of live messages expected to be out of scope, used to weigh in-scope accuracy against
    /// out-of-scope recall when the threshold is chosen (only when the held-out data has out-of-scope examples).
    /// </summary>
    /// <value>The default is 0.2: one message in five.</value>
    public double OutOfScopeShare { get; init; } = 0.2;

    /// <summary>
    /// Gets a value indicating whether, once temperature and threshold are fixed on the validation set, the final model
    /// is retrained on training and validation examples together (more data; the test set is never used).
    /// </summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool RefitOnValidation { get; init; } = true;

    /// <summary>Gets the number of cross-validation folds used for calibration when no validation set is given.</summary>
    /// <value>The default is 3.</value>
    public int CrossValidationFolds { get; init; } = 3;

    /// <summary>Gets how many threads train classes in parallel.</summary>
    /// <value>The default is the processor count.</value>
    public int MaxDegreeOfParallelism { get; init; } = Environment.ProcessorCount;
}
