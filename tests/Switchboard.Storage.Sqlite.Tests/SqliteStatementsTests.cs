using Microsoft.Data.Sqlite;

namespace Switchboard.Storage.Sqlite.Tests;

public sealed class SqliteStatementsTests : IAsyncLifetime
{
    private readonly SqliteTestDatabase _db = new();
    private SqliteConnection _connection = null!;

    public enum Shade
    {
        Light = 1,
        Dark = 2,
    }

    public async Task InitializeAsync()
    {
        var database = _db.Open();
        await database.InitializeAsync(CancellationToken.None);
        _connection = await database.OpenAsync(CancellationToken.None);
        await _connection.ExecuteAsync(new SqlStatement(
            "CREATE TABLE items (id TEXT PRIMARY KEY, count INTEGER NOT NULL, flag INTEGER, price REAL, note TEXT, shade INTEGER, data BLOB)"));
    }

    public async Task DisposeAsync()
    {
        await _connection.DisposeAsync();
        _db.Dispose();
    }

    [Fact]
    public async Task Execute_BindsPropertiesByName_AndReturnsTheRowsChanged()
    {
        var inserted = await _connection.ExecuteAsync(new SqlStatement(
            "INSERT INTO items (id, count, flag, price, note, shade, data) VALUES (@Id, @Count, @Flag, @Price, @Note, @Shade, @Data)",
            new { Id = "a", Count = 3, Flag = true, Price = 1.5, Note = (string?)null, Shade = Shade.Dark, Data = new byte[] { 1, 2 }, Unused = "ignored" }));
        var updated = await _connection.ExecuteAsync(new SqlStatement("UPDATE items SET count = count + 1 WHERE id = $id", new { id = "a" }));
        var none = await _connection.ExecuteAsync(new SqlStatement("UPDATE items SET count = 0 WHERE id = :id", new { id = "missing" }));

        Assert.Equal(1, inserted);
        Assert.Equal(1, updated);
        Assert.Equal(0, none);

        // Stored as SQLite's own types: the bool and the enum as integers, a null as NULL.
        var types = await _connection.QuerySingleOrDefaultAsync<(string Count, string Flag, string Note, string Shade, string Data)>(new SqlStatement(
            "SELECT typeof(count), typeof(flag), typeof(note), typeof(shade), typeof(data) FROM items"));
        Assert.Equal(("integer", "integer", "null", "integer", "blob"), types);
        Assert.Equal(2, await _connection.ExecuteScalarAsync<long>(new SqlStatement("SELECT shade FROM items")));
    }

    [Fact]
    public async Task Execute_WithASequence_RunsOncePerItem()
    {
        var rows = Enumerable.Range(1, 5).Select(i => new { Id = $"r{i}", Count = i }).ToList();

        var inserted = await _connection.ExecuteAsync(new SqlStatement("INSERT INTO items (id, count) VALUES (@Id, @Count)", rows));

        Assert.Equal(5, inserted);
        Assert.Equal(15, await _connection.ExecuteScalarAsync<long>(new SqlStatement("SELECT SUM(count) FROM items")));
    }

    [Fact]
    public async Task Query_FillsPropertiesByColumnName_IgnoringCaseAndUnknownColumns_AndLeavesNullsAsInitialized()
    {
        await InsertAsync("a", count: 4, flag: 1, price: 2.25, note: null, shade: 1);
        await InsertAsync("b", count: 0, flag: 0, price: null, note: "n", shade: 2);

        var rows = await _connection.QueryAsync<ItemRow>(new SqlStatement(
            "SELECT id AS ID, count AS Count, flag AS flag, price, note, shade, 'x' AS NotAProperty FROM items ORDER BY id"));

        Assert.Collection(
            rows,
            a =>
            {
                Assert.Equal("a", a.Id);
                Assert.Equal(4, a.Count);
                Assert.True(a.Flag);
                Assert.Equal(2.25m, a.Price);
                Assert.Equal("initial", a.Note);
                Assert.Equal(Shade.Light, a.Shade);
            },
            b =>
            {
                Assert.False(b.Flag);
                Assert.Null(b.Price);
                Assert.Equal("n", b.Note);
                Assert.Equal(Shade.Dark, b.Shade);
            });
    }

    [Fact]
    public async Task Query_ReadsScalarsAndTuplesByPosition()
    {
        await InsertAsync("a", count: 1, flag: null, price: 0.5, note: "Dark", shade: 2);
        await InsertAsync("b", count: 2, flag: null, price: null, note: null, shade: null);

        Assert.Equal(["a", "b"], await _connection.QueryAsync<string>(new SqlStatement("SELECT id FROM items ORDER BY id")));
        Assert.Equal([1, 2], await _connection.QueryAsync<int>(new SqlStatement("SELECT count FROM items ORDER BY id")));
        Assert.Equal([(Shade?)Shade.Dark, null], await _connection.QueryAsync<Shade?>(new SqlStatement("SELECT shade FROM items ORDER BY id")));
        Assert.Equal([Shade.Dark], await _connection.QueryAsync<Shade>(new SqlStatement("SELECT note FROM items WHERE note IS NOT NULL")));
        Assert.Equal(
            [("a", 0.5), ("b", (double?)null)],
            await _connection.QueryAsync<(string, double?)>(new SqlStatement("SELECT id, price FROM items ORDER BY id")));
    }

    [Fact]
    public async Task Scalar_NullOrNoRow_IsTheDefault()
    {
        await InsertAsync("a", count: 7, flag: null, price: null, note: null, shade: null);

        Assert.Equal(7, await _connection.ExecuteScalarAsync<int>(new SqlStatement("SELECT count FROM items")));
        Assert.Null(await _connection.ExecuteScalarAsync<long?>(new SqlStatement("SELECT flag FROM items")));
        Assert.Equal(0, await _connection.ExecuteScalarAsync<long>(new SqlStatement("SELECT count FROM items WHERE id = 'none'")));
        Assert.Null(await _connection.ExecuteScalarAsync<string>(new SqlStatement("SELECT note FROM items")));
    }

    [Fact]
    public async Task SingleOrDefault_NoneIsDefault_OneIsIt_TwoThrow()
    {
        await InsertAsync("a", count: 1, flag: null, price: null, note: null, shade: null);
        await InsertAsync("b", count: 1, flag: null, price: null, note: null, shade: null);

        Assert.Null(await _connection.QuerySingleOrDefaultAsync<ItemRow>(new SqlStatement("SELECT * FROM items WHERE id = @id", new { id = "z" })));
        Assert.Equal("b", (await _connection.QuerySingleOrDefaultAsync<ItemRow>(new SqlStatement("SELECT * FROM items WHERE id = @id", new { id = "b" })))!.Id);
        await Assert.ThrowsAsync<InvalidOperationException>(() => _connection.QuerySingleOrDefaultAsync<ItemRow>(new SqlStatement("SELECT * FROM items")));
        Assert.Equal("a", (await _connection.QueryFirstOrDefaultAsync<ItemRow>(new SqlStatement("SELECT * FROM items ORDER BY id")))!.Id);
        Assert.Null(await _connection.QueryFirstOrDefaultAsync<ItemRow>(new SqlStatement("SELECT * FROM items WHERE count = 9")));
    }

    [Fact]
    public async Task Statement_InATransaction_IsUndoneByItsRollback()
    {
        using (var transaction = _connection.BeginTransaction())
        {
            await _connection.ExecuteAsync(new SqlStatement(
                "INSERT INTO items (id, count) VALUES (@id, 1)", new { id = "t" }, transaction));
            Assert.Equal(1, await _connection.ExecuteScalarAsync<long>(new SqlStatement("SELECT COUNT(*) FROM items", transaction: transaction)));
            transaction.Rollback();
        }

        Assert.Equal(0, await _connection.ExecuteScalarAsync<long>(new SqlStatement("SELECT COUNT(*) FROM items")));
    }

    [Fact]
    public async Task MissingParameter_IsSqliteError_NamingIt()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => _connection.ExecuteAsync(new SqlStatement(
            "INSERT INTO items (id, count) VALUES (@id, @count)", new { id = "x" })));

        Assert.Contains("@count", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancelled_DoesNotRun()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _connection.ExecuteAsync(new SqlStatement(
            "INSERT INTO items (id, count) VALUES ('c', 1)", cancellationToken: cancelled.Token)));
        Assert.Equal(0, await _connection.ExecuteScalarAsync<long>(new SqlStatement("SELECT COUNT(*) FROM items")));
    }

    private Task<int> InsertAsync(string id, long count, long? flag, double? price, string? note, long? shade) =>
        _connection.ExecuteAsync(new SqlStatement(
            "INSERT INTO items (id, count, flag, price, note, shade) VALUES (@id, @count, @flag, @price, @note, @shade)",
            new { id, count, flag, price, note, shade }));

    public sealed class ItemRow
    {
        public string Id { get; set; } = string.Empty;

        public int Count { get; set; }

        public bool Flag { get; set; }

        public decimal? Price { get; set; }

        public string Note { get; set; } = "initial";

        public Shade Shade { get; set; }
    }
}
