namespace Switchboard.Knowledge;

/// <summary>A search result.</summary>
/// <param name="Entry">The entry.</param>
/// <param name="Score">The score in the chosen mode (higher is better; comparable within one result list).</param>
/// <param name="Confidence">The paraphrase classifier's probability for this entry, 0 to 1.</param>
/// <param name="LexicalRank">Its rank in the lexical list (1 = best), or null when no term matched.</param>
public sealed record FaqHit(FaqEntry Entry, double Score, double Confidence, int? LexicalRank);
