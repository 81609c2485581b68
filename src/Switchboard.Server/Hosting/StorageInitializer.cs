using Microsoft.Data.Sqlite;
using Switchboard.Storage.Sqlite;

namespace Switchboard.Server.Hosting;

/// <summary>Creates the database and applies migrations before the server takes requests.</summary>
internal sealed partial class StorageInitializer : IHostedService
{
    private readonly SqliteDatabase _database;
    private readonly StorageOptions _options;
    private readonly ILogger<StorageInitializer> _logger;

    public StorageInitializer(SqliteDatabase database, StorageOptions options, ILogger<StorageInitializer> logger)
    {
        _database = database;
        _options = options;
        _logger = logger;
    }

    /// <exception cref="ConfigurationValidationException">The database cannot be created or opened where the settings put it.</exception>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<int> applied;
        try
        {
            applied = await _database.InitializeAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or SqliteException)
        {
            // A directory that cannot be created or a file that cannot be opened is the operator's to fix, like a bad
            // setting: name the setting that put it there, without a stack trace.
            var field = string.IsNullOrWhiteSpace(_options.DatabasePath) ? "DataDirectory" : "DatabasePath";
            throw new ConfigurationValidationException([$"{StorageOptions.Section}:{field}: cannot create or open the database '{_database.DatabasePath}': {exception.Message}"]);
        }

        LogReady(_database.DatabasePath, applied.Count);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "SQLite database {DatabasePath} ready ({Applied} migrations applied)")]
    private partial void LogReady(string databasePath, int applied);
}
