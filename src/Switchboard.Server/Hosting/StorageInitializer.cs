using Switchboard.Storage.Sqlite;

namespace Switchboard.Server.Hosting;

/// <summary>Creates the database and applies migrations before the server takes requests.</summary>
internal sealed partial class StorageInitializer : IHostedService
{
    private readonly SqliteDatabase _database;
    private readonly ILogger<StorageInitializer> _logger;

    public StorageInitializer(SqliteDatabase database, ILogger<StorageInitializer> logger)
    {
        _database = database;
        _logger = logger;
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var applied = await _database.InitializeAsync(cancellationToken);
        LogReady(_database.DatabasePath, applied.Count);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "SQLite database {DatabasePath} ready ({Applied} migrations applied)")]
    private partial void LogReady(string databasePath, int applied);
}
