using System.Text.Json;
using Switchboard.Storage.Sqlite;

namespace Switchboard.Knowledge;

/// <summary>
/// FAQ knowledge bases in SQLite: entries in <c>kb_entries</c>, full-text search on the FTS5 table <c>kb_fts</c>
/// ranked by bm25, with question and alternates weighted 1 and the answer 0.3.
/// </summary>
public sealed class SqliteKnowledgeBase
{
    private const double AnswerWeight = 0.3;

    private readonly SqliteDatabase _database;
    private readonly TimeProvider _timeProvider;

    /// <summary>Initializes a new instance of the <see cref="SqliteKnowledgeBase"/> class.</summary>
    public SqliteKnowledgeBase(SqliteDatabase database, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _database = database;
        _timeProvider = timeProvider;
    }

    /// <summary>Adds or replaces entries (by id) in one transaction; returns how many were written.</summary>
    public Task<int> ImportAsync(string kb, IReadOnlyList<FaqEntry> entries, CancellationToken cancellationToken) =>
        ImportCoreAsync(kb, entries, onlyIfEmpty: false, cancellationToken);

    /// <summary>
    /// Adds entries only when the knowledge base has none, checked in the same transaction as the writes, so that an
    /// import running at the same moment is never mixed with them or overwritten; returns how many were written (0
    /// when it had entries).
    /// </summary>
    public Task<int> ImportIntoEmptyAsync(string kb, IReadOnlyList<FaqEntry> entries, CancellationToken cancellationToken) =>
        ImportCoreAsync(kb, entries, onlyIfEmpty: true, cancellationToken);

    private async Task<int> ImportCoreAsync(string kb, IReadOnlyList<FaqEntry> entries, bool onlyIfEmpty, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(kb);
        ArgumentNullException.ThrowIfNull(entries);
        var now = _timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var transaction = connection.BeginTransaction(deferred: false);
            if (onlyIfEmpty
                && await connection.ExecuteScalarAsync<long?>(new SqlStatement("SELECT 1 FROM kb_entries WHERE kb = @kb LIMIT 1", new { kb }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false) is not null)
            {
                return 0;
            }

            foreach (var entry in entries)
            {
                // An entry's search row has the entry's rowid (migration 0009), so replacing one is two lookups by key
                // instead of a scan of the whole search index (its kb and id columns are not indexed).
                var key = new { kb, id = entry.Id };
                if (await connection.ExecuteScalarAsync<long?>(new SqlStatement("SELECT rowid FROM kb_entries WHERE kb = @kb AND id = @id", key, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false) is { } old)
                {
                    await connection.ExecuteAsync(new SqlStatement("DELETE FROM kb_fts WHERE rowid = @old", new { old }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
                    await connection.ExecuteAsync(new SqlStatement("DELETE FROM kb_entries WHERE rowid = @old", new { old }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
                }

                var row = await connection.ExecuteScalarAsync<long>(new SqlStatement(
                    """
                    INSERT INTO kb_entries (kb, id, question, alternates, answer, category, tags, updated_at)
                    VALUES (@kb, @id, @question, @alternates, @answer, @category, @tags, @now)
                    RETURNING rowid
                    """,
                    new
                    {
                        kb,
                        id = entry.Id,
                        question = entry.Question,
                        alternates = JsonSerializer.Serialize(entry.Alternates),
                        answer = entry.Answer,
                        category = entry.Category,
                        tags = JsonSerializer.Serialize(entry.Tags),
                        now,
                    },
                    transaction,
                    cancellationToken: cancellationToken)).ConfigureAwait(false);
                await connection.ExecuteAsync(new SqlStatement(
                    "INSERT INTO kb_fts (rowid, kb, id, terms, answer_terms) VALUES (@row, @kb, @id, @terms, @answerTerms)",
                    new
                    {
                        row,
                        kb,
                        id = entry.Id,
                        terms = string.Join(' ', SearchTerms.Of(string.Join('\n', entry.Alternates.Prepend(entry.Question)))),
                        answerTerms = string.Join(' ', SearchTerms.Of(entry.Answer)),
                    },
                    transaction,
                    cancellationToken: cancellationToken)).ConfigureAwait(false);
            }

            transaction.Commit();
            return entries.Count;
        }
    }

    /// <summary>Lists the entries of a knowledge base, ordered by id.</summary>
    public async Task<IReadOnlyList<FaqEntry>> ListAsync(string kb, CancellationToken cancellationToken)
    {
        var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var rows = await connection.QueryAsync<EntryRow>(new SqlStatement(
                "SELECT id, question, alternates, answer, category, tags FROM kb_entries WHERE kb = @kb ORDER BY id",
                new { kb },
                cancellationToken: cancellationToken)).ConfigureAwait(false);
            return rows.Select(r => r.ToEntry()).ToList();
        }
    }

    /// <summary>Ranks entries by bm25 over the query's terms; higher scores are better. Empty when no term matches.</summary>
    public async Task<IReadOnlyList<(string Id, double Score)>> SearchAsync(string kb, string query, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var terms = SearchTerms.Of(query);
        if (terms.Count == 0)
        {
            return [];
        }

        var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            // bm25() is lower-is-better; kb and id are unindexed columns with weight 0.
            var rows = await connection.QueryAsync<(string Id, double Rank)>(new SqlStatement(
                $"""
                SELECT id, bm25(kb_fts, 0.0, 0.0, 1.0, {AnswerWeight.ToString(System.Globalization.CultureInfo.InvariantCulture)}) AS rank
                FROM kb_fts
                WHERE kb_fts MATCH @match AND kb = @kb
                ORDER BY rank
                LIMIT @limit
                """,
                new { match = SearchTerms.MatchAny(terms), kb, limit },
                cancellationToken: cancellationToken)).ConfigureAwait(false);
            return rows.Select(r => (r.Id, -r.Rank)).ToList();
        }
    }

    private sealed class EntryRow
    {
        public string Id { get; set; } = string.Empty;

        public string Question { get; set; } = string.Empty;

        public string Alternates { get; set; } = "[]";

        public string Answer { get; set; } = string.Empty;

        public string? Category { get; set; }

        public string Tags { get; set; } = "[]";

        public FaqEntry ToEntry() => new(
            Id,
            Question,
            JsonSerializer.Deserialize<List<string>>(Alternates) ?? [],
            Answer,
            Category,
            JsonSerializer.Deserialize<List<string>>(Tags) ?? []);
    }
}
