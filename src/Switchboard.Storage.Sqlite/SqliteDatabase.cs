using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Switchboard.Storage.Sqlite;

/// <summary>Opens connections to the Switchboard SQLite database with the settings every connection needs.</summary>
public sealed class SqliteDatabase
{
    private static int s_batteriesInitialized;

    private readonly string _connectionString;
    private readonly string _probeConnectionString;
    private readonly TimeProvider _timeProvider;

    /// <summary>Initializes a new instance of the <see cref="SqliteDatabase"/> class.</summary>
    public SqliteDatabase(SqliteStorageOptions options, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _timeProvider = timeProvider;
        if (Interlocked.Exchange(ref s_batteriesInitialized, 1) == 0)
        {
            SQLitePCL.Batteries_V2.Init();
        }

        DatabasePath = Path.GetFullPath(options.DatabasePath);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = DatabasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            ForeignKeys = true,
            DefaultTimeout = (int)Math.Ceiling(options.BusyTimeout.TotalSeconds),
        }.ToString();

        // A pooled connection keeps working on a file that has since been deleted or replaced (it holds the old inode),
        // so a probe must open the path afresh, and must not create the file when it is missing.
        _probeConnectionString = new SqliteConnectionStringBuilder(_connectionString)
        {
            Mode = SqliteOpenMode.ReadWrite,
            Pooling = false,
        }.ToString();
    }

    /// <summary>Gets the absolute path of the database file.</summary>
    public string DatabasePath { get; }

    /// <summary>
    /// Closes the idle pooled connections to this database only, so that its file can be deleted. Unlike
    /// <c>SqliteConnection.ClearAllPools</c>, it leaves other databases' connections alone, which another thread may be
    /// taking out of their pool at that moment.
    /// </summary>
    public void ClearPool()
    {
        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
    }

    /// <summary>Opens a connection.</summary>
    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            using var command = connection.CreateCommand();

            // NORMAL is durable in WAL mode except against power loss of the last transactions, the usual trade.
            command.CommandText = "PRAGMA synchronous = NORMAL;";
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Opens a connection of its own, outside the pool, to the existing file (never creating it), for readiness probes:
    /// it fails when the file is gone or unreadable even while pooled connections still work on the old one.
    /// </summary>
    public async Task<SqliteConnection> OpenProbeAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_probeConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Creates the directory and the file if needed, switches to WAL and applies pending migrations.</summary>
    /// <returns>The versions applied by this call.</returns>
    public async Task<IReadOnlyList<int>> InitializeAsync(CancellationToken cancellationToken)
    {
        // Conversations, the audit log and the ledger live here: a directory and files this process creates are
        // readable by its own user only (0700 and 0600), whatever the umask. Existing ones are left as they are.
        var directory = Path.GetDirectoryName(DatabasePath);
        if (!string.IsNullOrEmpty(directory) && !Directory.Exists(directory))
        {
            if (OperatingSystem.IsWindows())
            {
                Directory.CreateDirectory(directory);
            }
            else
            {
                Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
        }

        var created = !File.Exists(DatabasePath);
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using (var command = connection.CreateCommand())
            {
                command.CommandText = "PRAGMA journal_mode = WAL;";
                var mode = Convert.ToString(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
                if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
                {
                    throw new InvalidOperationException($"SQLite refused WAL mode for '{DatabasePath}' (journal_mode is '{mode}').");
                }
            }

            if (created && !OperatingSystem.IsWindows())
            {
                // SQLite gives its -wal and -shm files the database file's mode when it creates them.
                foreach (var file in new[] { DatabasePath, DatabasePath + "-wal", DatabasePath + "-shm" }.Where(File.Exists))
                {
                    File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
                }
            }

            return await SqliteMigrator.ApplyAsync(connection, _timeProvider, cancellationToken).ConfigureAwait(false);
        }
    }
}
