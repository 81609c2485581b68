namespace Switchboard.Gateway.Policies;

/// <summary>What <see cref="ComplexityEstimator"/> found in a request.</summary>
/// <param name="Score">The complexity score, 0 (trivial) to 1 (hard).</param>
/// <param name="MessageTokens">Words and CJK characters of the last user message.</param>
/// <param name="ConversationTokens">Words and CJK characters of every message.</param>
/// <param name="Questions">Question marks in the last user message (a run of them counts once).</param>
/// <param name="ListItems">Lines of the last user message that start an enumeration (<c>1.</c>, <c>-</c>, <c>*</c>, <c>一、</c>).</param>
/// <param name="HasCode">The last user message holds a fenced code block or indented code.</param>
/// <param name="HasTools">The request offers tools.</param>
/// <param name="UpgradeKeywords">The upgrade keywords found in the last user message, as configured.</param>
/// <param name="DowngradeKeywords">The downgrade keywords found in the last user message, as configured.</param>
public sealed record ComplexityEstimate(
    double Score,
    int MessageTokens,
    int ConversationTokens,
    int Questions,
    int ListItems,
    bool HasCode,
    bool HasTools,
    IReadOnlyList<string> UpgradeKeywords,
    IReadOnlyList<string> DowngradeKeywords);
