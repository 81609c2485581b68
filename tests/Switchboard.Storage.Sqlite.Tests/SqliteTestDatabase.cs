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

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
