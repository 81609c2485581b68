using Switchboard.Abstractions.Access;
using Switchboard.Abstractions.Agents;

namespace Switchboard.Storage.Sqlite;

/// <summary>The SQLite <see cref="IAgentDefinitionStore"/>.</summary>
public sealed class SqliteAgentDefinitionStore : IAgentDefinitionStore
{
    private readonly SqliteDatabase _database;
    private readonly TimeProvider _timeProvider;

    /// <summary>Initializes a new instance of the <see cref="SqliteAgentDefinitionStore"/> class.</summary>
    public SqliteAgentDefinitionStore(SqliteDatabase database, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _database = database;
        _timeProvider = timeProvider;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<StoredAgentDefinition>> ListAsync(CancellationToken cancellationToken)
    {
        var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var rows = await connection.QueryAsync<AgentDefinitionRow>(new SqlStatement(
                "SELECT name, definition, created_at AS createdAt, updated_at AS updatedAt FROM agent_definitions ORDER BY name",
                cancellationToken: cancellationToken)).ConfigureAwait(false);
            return rows.Select(r => new StoredAgentDefinition(
                r.Name, r.Definition, DateTimeOffset.FromUnixTimeMilliseconds(r.CreatedAt), DateTimeOffset.FromUnixTimeMilliseconds(r.UpdatedAt))).ToList();
        }
    }

    /// <inheritdoc />
    public async Task<bool> SaveAsync(string name, string definition, CancellationToken cancellationToken, Func<bool, AuditRecord>? audit = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(definition);
        var now = _timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            // One write transaction (BEGIN IMMEDIATE): two servers saving the same new name one after the other see
            // each other's row, instead of both inserting and one failing on the primary key.
            using var transaction = connection.BeginTransaction(deferred: false);
            var updated = await connection.ExecuteAsync(new SqlStatement(
                "UPDATE agent_definitions SET definition = @definition, updated_at = @now WHERE name = @name",
                new { name, definition, now },
                transaction,
                cancellationToken: cancellationToken)).ConfigureAwait(false);
            if (updated == 0)
            {
                await connection.ExecuteAsync(new SqlStatement(
                    "INSERT INTO agent_definitions (name, definition, created_at, updated_at) VALUES (@name, @definition, @now, @now)",
                    new { name, definition, now },
                    transaction,
                    cancellationToken: cancellationToken)).ConfigureAwait(false);
            }

            if (audit is not null)
            {
                await SqliteAuditLog.InsertAsync(connection, audit(updated == 0), transaction, cancellationToken).ConfigureAwait(false);
            }

            transaction.Commit();
            return updated == 0;
        }
    }

    /// <inheritdoc />
    public Task<bool> DeleteAsync(string name, CancellationToken cancellationToken, AuditRecord? audit = null) =>
        SqliteAuditLog.ChangeAsync(_database, "DELETE FROM agent_definitions WHERE name = @name", new { name }, audit, cancellationToken);
}
