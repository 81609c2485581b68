namespace Switchboard.Storage.Sqlite;

/// <summary>Settings of the embedded SQLite store.</summary>
public sealed class SqliteStorageOptions
{
    /// <summary>Gets or sets the database file path. Its directory is created on first start.</summary>
    /// <value>The default is <c>data/switchboard.db</c> under the working directory.</value>
    public string DatabasePath { get; set; } = Path.Combine("data", "switchboard.db");

    /// <summary>Gets or sets how long a writer waits for a lock held by another connection.</summary>
    /// <value>The default is 30 seconds.</value>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
