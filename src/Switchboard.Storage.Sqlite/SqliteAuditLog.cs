using System.Text;
using Microsoft.Data.Sqlite;
using Switchboard.Abstractions.Access;

namespace Switchboard.Storage.Sqlite;

/// <summary>The SQLite <see cref="IAuditLog"/>; triggers make the table itself refuse updates and deletes.</summary>
public sealed class SqliteAuditLog : IAuditLog
{
    private readonly SqliteDatabase _database;

    /// <summary>Initializes a new instance of the <see cref="SqliteAuditLog"/> class.</summary>
    public SqliteAuditLog(SqliteDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        _database = database;
    }

    /// <inheritdoc />
    public async Task AppendAsync(AuditRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            await InsertAsync(connection, record, null, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Runs one statement that changes rows and, when it changed any, appends <paramref name="audit"/> (if given), both in
    /// one write transaction; returns whether it changed any. Without a record the statement runs on its own.
    /// </summary>
    internal static async Task<bool> ChangeAsync(SqliteDatabase database, string sql, object parameters, AuditRecord? audit, CancellationToken cancellationToken)
    {
        var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            if (audit is null)
            {
                return await connection.ExecuteAsync(new SqlStatement(sql, parameters, cancellationToken: cancellationToken)).ConfigureAwait(false) > 0;
            }

            using var transaction = connection.BeginTransaction(deferred: false);
            var changed = await connection.ExecuteAsync(new SqlStatement(sql, parameters, transaction, cancellationToken)).ConfigureAwait(false) > 0;
            if (changed)
            {
                await InsertAsync(connection, audit, transaction, cancellationToken).ConfigureAwait(false);
            }

            transaction.Commit();
            return changed;
        }
    }

    /// <summary>Inserts a record on <paramref name="connection"/>, in <paramref name="transaction"/> when there is one.</summary>
    internal static Task<int> InsertAsync(SqliteConnection connection, AuditRecord record, SqliteTransaction? transaction, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new SqlStatement(
            """
            INSERT INTO audit_log (id, tenant_id, actor, action, resource, outcome, before, after, ip, user_agent, created_at)
            VALUES (@Id, @TenantId, @Actor, @Action, @Resource, @Outcome, @Before, @After, @Ip, @UserAgent, @CreatedAt)
            """,
            new
            {
                record.Id,
                record.TenantId,
                record.Actor,
                record.Action,
                record.Resource,
                record.Outcome,
                record.Before,
                record.After,
                record.Ip,
                record.UserAgent,
                CreatedAt = record.CreatedAt.ToUnixTimeMilliseconds(),
            },
            transaction,
            cancellationToken));

    /// <inheritdoc />
    public async Task<IReadOnlyList<AuditRecord>> QueryAsync(AuditQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(query.Limit, 1);

        // Only fixed fragments are concatenated; the values are parameters.
        var sql = new StringBuilder(
            "SELECT id, tenant_id AS tenantId, actor, action, resource, outcome, before, after, ip, user_agent AS userAgent, created_at AS createdAt " +
            "FROM audit_log WHERE 1 = 1");
        if (query.TenantId is not null)
        {
            sql.Append(" AND tenant_id = @TenantId");
        }

        if (query.Action is { } action)
        {
            sql.Append(action.EndsWith('.') ? " AND substr(action, 1, length(@Action)) = @Action" : " AND action = @Action");
        }

        if (query.Actor is not null)
        {
            sql.Append(" AND actor = @Actor");
        }

        if (query.From is not null)
        {
            sql.Append(" AND created_at >= @From");
        }

        if (query.To is not null)
        {
            sql.Append(" AND created_at < @To");
        }

        if (query.Cursor is not null)
        {
            sql.Append(" AND id < @Cursor");
        }

        sql.Append(" ORDER BY id DESC LIMIT @Limit");
        var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var rows = await connection.QueryAsync<AuditRow>(new SqlStatement(
                sql.ToString(),
                new
                {
                    query.TenantId,
                    query.Action,
                    query.Actor,
                    From = query.From?.ToUnixTimeMilliseconds(),
                    To = query.To?.ToUnixTimeMilliseconds(),
                    query.Cursor,
                    query.Limit,
                },
                cancellationToken: cancellationToken)).ConfigureAwait(false);
            return rows.Select(r => r.ToRecord()).ToList();
        }
    }
}
