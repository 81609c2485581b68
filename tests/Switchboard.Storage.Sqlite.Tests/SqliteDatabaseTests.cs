using Dapper;

namespace Switchboard.Storage.Sqlite.Tests;

public sealed class SqliteDatabaseTests : IDisposable
{
    private readonly SqliteTestDatabase _db = new();

    [Fact]
    public async Task Initialize_CreatesDirectoryFileWalModeAndRecordsMigrations()
    {
        var database = _db.Open();

        var applied = await database.InitializeAsync(CancellationToken.None);

        Assert.True(File.Exists(_db.Path));
        Assert.Equal(SqliteMigrator.Migrations.Select(m => m.Version), applied);
        await using var connection = await database.OpenAsync(CancellationToken.None);
        Assert.Equal("wal", await connection.ExecuteScalarAsync<string>("PRAGMA journal_mode"));
        Assert.Equal(1, await connection.ExecuteScalarAsync<long>("PRAGMA foreign_keys"));
        var recorded = (await connection.QueryAsync<(long Version, string Name)>("SELECT version, name FROM schema_migrations ORDER BY version")).ToList();
        Assert.Equal(SqliteMigrator.Migrations.Select(m => ((long)m.Version, m.Name)), recorded);
    }

    [Fact]
    public async Task Initialize_ANewDatabase_IsReadableByItsOwnerOnly()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // Unix file modes
        }

        var database = _db.Open();

        await database.InitializeAsync(CancellationToken.None);

        const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        Assert.Equal(OwnerOnly | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.GetDirectoryName(_db.Path)!));
        Assert.Equal(OwnerOnly, File.GetUnixFileMode(_db.Path));
        Assert.Equal(OwnerOnly, File.GetUnixFileMode(_db.Path + "-wal"));
    }

    [Fact]
    public async Task Initialize_IsIdempotent()
    {
        var database = _db.Open();
        await database.InitializeAsync(CancellationToken.None);

        var second = await database.InitializeAsync(CancellationToken.None);
        var third = await _db.Open().InitializeAsync(CancellationToken.None);

        Assert.Empty(second);
        Assert.Empty(third);
    }

    [Fact]
    public async Task Initialize_ConcurrentFromSeveralInstances_AppliesEachMigrationOnce()
    {
        var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(() => _db.Open().InitializeAsync(CancellationToken.None))));

        Assert.Equal(SqliteMigrator.Migrations.Count, results.Sum(r => r.Count));
        await using var connection = await _db.Open().OpenAsync(CancellationToken.None);
        Assert.Equal(SqliteMigrator.Migrations.Count, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM schema_migrations"));
    }

    [Fact]
    public void Migrations_AreNumberedWithoutGapsFromOne()
    {
        Assert.Equal(Enumerable.Range(1, SqliteMigrator.Migrations.Count), SqliteMigrator.Migrations.Select(m => m.Version));
    }

    public void Dispose() => _db.Dispose();
}
