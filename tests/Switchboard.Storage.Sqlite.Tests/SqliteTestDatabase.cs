namespace Switchboard.Storage.Sqlite.Tests;

/// <summary>A database file in a fresh temporary directory, deleted afterwards.</summary>
public sealed class SqliteTestDatabase : IDisposable
{
    public SqliteTestDatabase()
    {
        Directory = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "switchboard-storage-tests", Guid.NewGuid().ToString("N"));
        Path = System.IO.Path.Combine(Directory, "nested", "switchboard.db");
    }

    public string Directory { get; }

    public string Path { get; }

    public SqliteDatabase Open(TimeProvider? timeProvider = null) =>
        new(new SqliteStorageOptions { DatabasePath = Path }, timeProvider ?? TimeProvider.System);

    /// <summary>
    /// Creates the database as a server of <paramref name="version"/> left it (migrations up to it applied and recorded),
    /// runs <paramref name="seedSql"/> in it, and returns it for the migrations after that version to be tested.
    /// </summary>
    public async Task<SqliteDatabase> OpenAtVersionAsync(int version, string seedSql, TimeProvider? timeProvider = null)
    {
        System.IO.Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        var database = Open(timeProvider);
        await using var connection = await database.OpenAsync(CancellationToken.None);
        await Dapper.SqlMapper.ExecuteAsync(connection, "CREATE TABLE schema_migrations (version INTEGER NOT NULL PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)");
        foreach (var (applied, name) in SqliteMigrator.Migrations.Where(m => m.Version <= version))
        {
            await Dapper.SqlMapper.ExecuteAsync(connection, ReadMigration(name));
            await Dapper.SqlMapper.ExecuteAsync(connection, "INSERT INTO schema_migrations VALUES (@applied, @name, 0)", new { applied, name });
        }

        await Dapper.SqlMapper.ExecuteAsync(connection, seedSql);
        return database;
    }

    public void Dispose()
    {
        // This database's pool only: clearing every pool races with other tests taking connections out of theirs
        // (ObjectDisposedException on a pooled handle).
        Open().ClearPool();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static string ReadMigration(string name)
    {
        using var stream = typeof(SqliteMigrator).Assembly.GetManifestResourceStream($"Switchboard.Storage.Sqlite.Migrations.{name}.sql")!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
