using Microsoft.Data.Sqlite;

namespace Switchboard.Server.Tests.Infrastructure;

/// <summary>Runs SQL on a test server's database file from outside the server, e.g. a trigger that makes a write fail.</summary>
internal static class DatabaseSql
{
    public static async Task ExecuteAsync(string databasePath, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={databasePath};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}
