using Dapper;

namespace Switchboard.Storage.Sqlite.Tests;

public sealed class KnowledgeMigrationTests : IDisposable
{
    private readonly SqliteTestDatabase _db = new();
    private readonly ManualTimeProvider _clock = new(new DateTimeOffset(2026, 11, 22, 8, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task Initialize_DatabaseAtVersion8_GivesEachSearchRowItsEntrysRowidAndKeepsTheTerms()
    {
        // As the import wrote them before: search rows numbered in their own order, here the reverse of the entries',
        // and one left behind without an entry.
        var database = await _db.OpenAtVersionAsync(8, """
            INSERT INTO kb_entries (kb, id, question, answer, updated_at) VALUES ('shop', 'track', 'Where is my parcel?', 'Under Orders.', 1);
            INSERT INTO kb_entries (kb, id, question, answer, updated_at) VALUES ('shop', 'refund', 'How do I get a refund?', 'Within 5 days.', 1);
            INSERT INTO kb_fts (kb, id, terms, answer_terms) VALUES ('shop', 'gone', 'old words', '');
            INSERT INTO kb_fts (kb, id, terms, answer_terms) VALUES ('shop', 'refund', 'refund money back', 'within days');
            INSERT INTO kb_fts (kb, id, terms, answer_terms) VALUES ('shop', 'track', 'where parcel', 'under orders');
            """, _clock);

        var applied = await database.InitializeAsync(CancellationToken.None);

        Assert.Contains(9, applied);
        await using var check = await database.OpenAsync(CancellationToken.None);
        var rows = (await check.QueryAsync<(string Id, long SearchRow, long EntryRow)>(
            "SELECT f.id, f.rowid, e.rowid FROM kb_fts AS f JOIN kb_entries AS e ON e.kb = f.kb AND e.id = f.id ORDER BY f.id")).ToList();
        Assert.Equal(["refund", "track"], rows.Select(r => r.Id));
        Assert.All(rows, r => Assert.Equal(r.EntryRow, r.SearchRow));
        Assert.Equal(2, await check.ExecuteScalarAsync<long>("SELECT count(*) FROM kb_fts"));
        Assert.Equal("track", await check.ExecuteScalarAsync<string>("SELECT id FROM kb_fts WHERE kb_fts MATCH 'parcel'"));
    }

    public void Dispose() => _db.Dispose();
}
