namespace Switchboard.Knowledge;

/// <summary>How <see cref="FaqSearcher"/> ranks entries.</summary>
public enum FaqSearchMode
{
    /// <summary>bm25 over the full-text index only.</summary>
    Lexical,

    /// <summary>The paraphrase classifier only (trained on each entry's question and alternates).</summary>
    Paraphrase,

    /// <summary>Both, fused by reciprocal rank (k = 60).</summary>
    Hybrid,
}
