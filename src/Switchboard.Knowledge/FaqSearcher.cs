using Switchboard.Nlu.Classification;
using Switchboard.Nlu.Features;

namespace Switchboard.Knowledge;

/// <summary>
/// Searches one knowledge base three ways: lexical (bm25 on SQLite FTS5), paraphrase (the built-in intent classifier
/// trained on every entry's question and alternates, labelled by entry id) and hybrid (reciprocal rank fusion of the
/// two, k = 60, fixed rather than tuned).
/// </summary>
public sealed class FaqSearcher
{
    private const int FusionK = 60;
    private const int CandidateCount = 50;

    private readonly SqliteKnowledgeBase _store;
    private readonly string _kb;
    private readonly Dictionary<string, FaqEntry> _entries;
    private readonly IntentClassifier _paraphrases;

    private FaqSearcher(SqliteKnowledgeBase store, string kb, IReadOnlyList<FaqEntry> entries, IntentClassifier paraphrases)
    {
        _store = store;
        _kb = kb;
        _entries = entries.ToDictionary(e => e.Id, StringComparer.Ordinal);
        _paraphrases = paraphrases;
    }

    /// <summary>Gets the paraphrase classifier (its intents are entry ids).</summary>
    public IntentClassifier Paraphrases => _paraphrases;

    /// <summary>Gets an entry by id, or null.</summary>
    public FaqEntry? Find(string id) => _entries.GetValueOrDefault(id);

    /// <summary>
    /// The paraphrase classifier's features: the defaults, plus numbers as one placeholder and English stems for word
    /// n-grams. An entry has a handful of phrasings, so without them the order numbers, amounts and inflections in those
    /// few texts weigh as much as the words that say what is asked.
    /// </summary>
    public static FeatureOptions ParaphraseFeatures { get; } = new() { NumberPlaceholders = true, StemWords = true };

    /// <summary>The label the paraphrase classifier gives out-of-scope examples.</summary>
    public const string OutOfScopeLabel = "\u0000out_of_scope";

    /// <summary>Loads a knowledge base and trains its paraphrase classifier.</summary>
    /// <param name="store">The store.</param>
    /// <param name="kb">The knowledge base.</param>
    /// <param name="cancellationToken">Cancels loading.</param>
    /// <param name="outOfScopeExamples">Off-topic examples learnt as "none of these" (e.g. <see cref="GenericOutOfScope.Examples"/>),
    /// so that <see cref="Paraphrases"/> can decline; none for pure ranking.</param>
    /// <exception cref="InvalidOperationException">The knowledge base has fewer than two entries.</exception>
    public static async Task<FaqSearcher> CreateAsync(
        SqliteKnowledgeBase store,
        string kb,
        CancellationToken cancellationToken,
        IReadOnlyList<string>? outOfScopeExamples = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        var entries = await store.ListAsync(kb, cancellationToken).ConfigureAwait(false);
        if (entries.Count < 2)
        {
            throw new InvalidOperationException($"Knowledge base '{kb}' has {entries.Count} entries; search needs at least two.");
        }

        var examples = entries
            .SelectMany(e => e.Alternates.Prepend(e.Question).Select(text => new LabeledText(text, e.Id)))
            .Concat((outOfScopeExamples ?? []).Select(text => new LabeledText(text, OutOfScopeLabel)))
            .ToList();
        var options = new IntentTrainingOptions
        {
            OutOfScopeLabel = outOfScopeExamples is { Count: > 0 } ? OutOfScopeLabel : null,
            Features = ParaphraseFeatures,
        };
        var (classifier, _) = await Task.Run(() => IntentClassifierTrainer.Train(examples, null, options), cancellationToken).ConfigureAwait(false);
        return new FaqSearcher(store, kb, entries, classifier);
    }

    /// <summary>Returns the best entries for a query, best first.</summary>
    public async Task<IReadOnlyList<FaqHit>> SearchAsync(string query, int limit, FaqSearchMode mode, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var paraphrase = _paraphrases.Rank(query, _entries.Count);
        var confidence = paraphrase.ToDictionary(p => p.Intent, p => p.Probability, StringComparer.Ordinal);
        var lexical = mode == FaqSearchMode.Paraphrase
            ? []
            : await _store.SearchAsync(_kb, query, CandidateCount, cancellationToken).ConfigureAwait(false);
        var lexicalRank = lexical.Select((hit, i) => (hit.Id, Rank: i + 1)).ToDictionary(p => p.Id, p => p.Rank, StringComparer.Ordinal);

        IEnumerable<(string Id, double Score)> ranked = mode switch
        {
            FaqSearchMode.Lexical => lexical,
            FaqSearchMode.Paraphrase => paraphrase.Select(p => (p.Intent, p.Probability)),
            _ => paraphrase
                .Select((p, i) => (p.Intent, Score: 1.0 / (FusionK + i + 1)
                    + (lexicalRank.TryGetValue(p.Intent, out var rank) ? 1.0 / (FusionK + rank) : 0)))
                .OrderByDescending(p => p.Score),
        };

        return ranked
            .Where(r => _entries.ContainsKey(r.Id))
            .Take(limit)
            .Select(r => new FaqHit(
                _entries[r.Id],
                r.Score,
                confidence.GetValueOrDefault(r.Id),
                lexicalRank.TryGetValue(r.Id, out var rank) ? rank : null))
            .ToList();
    }
}
