namespace Switchboard.Agents.Tools;

/// <summary>Searches the knowledge base for the <c>kb_search</c> tool.</summary>
public interface IKnowledgeSearch
{
    /// <summary>Returns the best entries for a query, best first.</summary>
    Task<IReadOnlyList<KnowledgeHit>> SearchAsync(string query, int count, CancellationToken cancellationToken);
}
