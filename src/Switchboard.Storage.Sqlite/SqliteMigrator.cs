using System.Globalization;
using System.Reflection;
using Microsoft.Data.Sqlite;

namespace Switchboard.Storage.Sqlite;

/// <summary>
/// Applies the SQL migrations embedded in this assembly (<c>Migrations/NNNN_name.sql</c>) in version order, each in its
/// own transaction together with its row in <c>schema_migrations</c>, so that applying is idempotent and safe to run
/// from several processes at once.
/// </summary>
public static class SqliteMigrator
{
    private const string ResourcePrefix = "Switchboard.Storage.Sqlite.Migrations.";

    /// <summary>Gets the embedded migrations in version order.</summary>
    public static IReadOnlyList<(int Version, string Name)> Migrations { get; } = LoadMigrations();

    /// <summary>Applies pending migrations; returns the versions applied.</summary>
    public static async Task<IReadOnlyList<int>> ApplyAsync(SqliteConnection connection, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(timeProvider);
        await connection.ExecuteAsync(new SqlStatement(
            """
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version    INTEGER NOT NULL PRIMARY KEY,
                name       TEXT    NOT NULL,
                applied_at INTEGER NOT NULL
            );
            """,
            cancellationToken: cancellationToken)).ConfigureAwait(false);

        var applied = new List<int>();
        foreach (var (version, name) in Migrations)
        {
            // BEGIN IMMEDIATE takes the write lock first, so two processes cannot both apply the same version.
            using var transaction = connection.BeginTransaction(deferred: false);
            var done = await connection.ExecuteScalarAsync<long>(new SqlStatement(
                "SELECT COUNT(*) FROM schema_migrations WHERE version = @version",
                new { version },
                transaction,
                cancellationToken: cancellationToken)).ConfigureAwait(false);
            if (done > 0)
            {
                continue;
            }

            await connection.ExecuteAsync(new SqlStatement(ReadScript(name), transaction: transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
            await connection.ExecuteAsync(new SqlStatement(
                "INSERT INTO schema_migrations (version, name, applied_at) VALUES (@version, @name, @now)",
                new { version, name, now = timeProvider.GetUtcNow().ToUnixTimeMilliseconds() },
                transaction,
                cancellationToken: cancellationToken)).ConfigureAwait(false);
            transaction.Commit();
            applied.Add(version);
        }

        return applied;
    }

    private static List<(int, string)> LoadMigrations() =>
        typeof(SqliteMigrator).Assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Select(n => n[ResourcePrefix.Length..^4])
            .Select(n => (int.Parse(n.AsSpan(0, n.IndexOf('_', StringComparison.Ordinal)), CultureInfo.InvariantCulture), n))
            .OrderBy(m => m.Item1)
            .ToList();

    private static string ReadScript(string name)
    {
        using var stream = typeof(SqliteMigrator).Assembly.GetManifestResourceStream(ResourcePrefix + name + ".sql")
            ?? throw new InvalidOperationException($"Migration '{name}' is missing from the assembly.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
