namespace Switchboard.Agents.Tools;

/// <summary>A knowledge-base entry found by <see cref="IKnowledgeSearch"/>.</summary>
/// <param name="Id">The entry id.</param>
/// <param name="Question">Its question.</param>
/// <param name="Answer">Its answer.</param>
/// <param name="Score">The search score (higher is better).</param>
public sealed record KnowledgeHit(string Id, string Question, string Answer, double Score);
