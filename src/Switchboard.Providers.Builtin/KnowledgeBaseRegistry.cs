using System.Collections.Concurrent;
using Switchboard.Knowledge;

namespace Switchboard.Providers.Builtin;

/// <summary>
/// Loads each knowledge base once (entries and its paraphrase classifier, trained with the generic out-of-scope
/// examples) and shares it between requests. <see cref="Invalidate"/> makes the next request reload.
/// </summary>
public sealed class KnowledgeBaseRegistry
{
    private readonly SqliteKnowledgeBase _store;
    private readonly ConcurrentDictionary<string, Lazy<Task<FaqSearcher>>> _searchers = new(StringComparer.Ordinal);

    /// <summary>Initializes a new instance of the <see cref="KnowledgeBaseRegistry"/> class.</summary>
    public KnowledgeBaseRegistry(SqliteKnowledgeBase store)
    {
        ArgumentNullException.ThrowIfNull(store);
        _store = store;
    }

    /// <summary>Returns the searcher of a knowledge base, loading it on first use.</summary>
    public async Task<FaqSearcher> GetAsync(string kb, CancellationToken cancellationToken)
    {
        var lazy = _searchers.GetOrAdd(kb, name => new Lazy<Task<FaqSearcher>>(
            () => FaqSearcher.CreateAsync(_store, name, CancellationToken.None, GenericOutOfScope.Examples)));
        try
        {
            return await lazy.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception) when (lazy.Value.IsFaulted || lazy.Value.IsCanceled)
        {
            // Not loadable (empty, or a transient database error): never cache the failure, so the next request retries.
            _searchers.TryRemove(new KeyValuePair<string, Lazy<Task<FaqSearcher>>>(kb, lazy));
            throw;
        }
    }

    /// <summary>Drops a loaded knowledge base, e.g. after an import.</summary>
    public void Invalidate(string kb) => _searchers.TryRemove(kb, out _);
}
