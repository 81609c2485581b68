namespace Switchboard.Nlu.Classification;

/// <summary>What training did.</summary>
/// <param name="Examples">Training examples used.</param>
/// <param name="Classes">Classes learnt (the out-of-scope class included when present).</param>
/// <param name="Features">Features in the vocabulary.</param>
/// <param name="CalibrationSource">Where temperature and threshold came from: <c>validation</c> or <c>cross-validation (k folds)</c>.</param>
/// <param name="Temperature">The fitted softmax temperature.</param>
/// <param name="Threshold">The chosen out-of-scope threshold.</param>
/// <param name="Elapsed">Wall time of training, calibration included.</param>
/// <param name="Cost">The SVM cost used (chosen on validation data when candidates were tried).</param>
public sealed record IntentTrainingReport(
    int Examples,
    int Classes,
    int Features,
    string CalibrationSource,
    double Temperature,
    double Threshold,
    TimeSpan Elapsed,
    double Cost);
