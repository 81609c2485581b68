namespace Switchboard.Knowledge;

/// <summary>Retrieval quality of one search mode on labelled queries.</summary>
/// <param name="Mode">The search mode.</param>
/// <param name="Queries">Queries evaluated.</param>
/// <param name="RecallAt1">Fraction of queries whose entry is ranked first.</param>
/// <param name="RecallAt5">Fraction whose entry is in the top 5.</param>
/// <param name="RecallAt10">Fraction whose entry is in the top 10.</param>
/// <param name="MrrAt10">Mean reciprocal rank, counting ranks beyond 10 as 0.</param>
/// <param name="LatencyP50Microseconds">Median search time per query.</param>
public sealed record KnowledgeEvaluationReport(
    FaqSearchMode Mode,
    int Queries,
    double RecallAt1,
    double RecallAt5,
    double RecallAt10,
    double MrrAt10,
    double LatencyP50Microseconds);
