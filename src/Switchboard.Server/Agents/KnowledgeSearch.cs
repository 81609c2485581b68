using Switchboard.Agents.Tools;
using Switchboard.Knowledge;
using Switchboard.Providers.Builtin;

namespace Switchboard.Server.Agents;

/// <summary>The <c>kb_search</c> tool's view of a knowledge base: hybrid search (lexical and paraphrase).</summary>
internal sealed class KnowledgeSearch : IKnowledgeSearch
{
    private readonly KnowledgeBaseRegistry _registry;
    private readonly string _knowledgeBase;

    public KnowledgeSearch(KnowledgeBaseRegistry registry, AgentOptions options)
    {
        _registry = registry;
        _knowledgeBase = options.KnowledgeBase;
    }

    public async Task<IReadOnlyList<KnowledgeHit>> SearchAsync(string query, int count, CancellationToken cancellationToken)
    {
        FaqSearcher searcher;
        try
        {
            searcher = await _registry.GetAsync(_knowledgeBase, cancellationToken);
        }
        catch (InvalidOperationException exception)
        {
            throw new ToolException($"The knowledge base '{_knowledgeBase}' cannot be searched: {exception.Message}", exception);
        }

        var hits = await searcher.SearchAsync(query, count, FaqSearchMode.Hybrid, cancellationToken);
        return hits.Select(h => new KnowledgeHit(h.Entry.Id, h.Entry.Question, h.Entry.Answer, h.Score)).ToList();
    }
}
