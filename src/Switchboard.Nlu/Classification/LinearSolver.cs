namespace Switchboard.Nlu.Classification;

/// <summary>How the linear classifier's weights are learnt.</summary>
public enum LinearSolver
{
    /// <summary>
    /// One multi-class SVM over all classes together (Crammer and Singer), solved in the dual. Its scores are trained
    /// against each other, so ranking and the softmax compare like with like. The default.
    /// </summary>
    CrammerSinger,

    /// <summary>One binary L2-loss SVM per class against the rest, trained in parallel (scikit-learn's <c>LinearSVC</c> default).</summary>
    OneVsRest,
}
