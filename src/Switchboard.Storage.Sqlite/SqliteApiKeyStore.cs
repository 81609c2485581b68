using System.Text.Json;
using Microsoft.Data.Sqlite;
using Switchboard.Abstractions.Access;
using Switchboard.Abstractions.Conversations;

namespace Switchboard.Storage.Sqlite;

/// <summary>
/// The SQLite <see cref="IApiKeyStore"/>: keys as salted hashes; a change and its audit record in one transaction.
/// </summary>
public sealed class SqliteApiKeyStore : IApiKeyStore
{
    private const string Columns =
        "id, name, prefix, salt, hash, tenant_id AS tenantId, team_id AS teamId, user_id AS userId, roles, settings, metadata, " +
        "expires_at AS expiresAt, created_at AS createdAt, updated_at AS updatedAt, revoked_at AS revokedAt, created_by AS createdBy";

    private readonly SqliteDatabase _database;

    /// <summary>Initializes a new instance of the <see cref="SqliteApiKeyStore"/> class.</summary>
    public SqliteApiKeyStore(SqliteDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        _database = database;
    }

    /// <inheritdoc />
    public async Task CreateAsync(ApiKey key, ApiKeySecret secret, CancellationToken cancellationToken, Func<ApiKey, AuditRecord>? audit = null)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(secret);
        try
        {
            await ChangeAsync(
                key.Id,
                (connection, transaction) => connection.ExecuteAsync(new SqlStatement(
                    """
                    INSERT INTO api_keys (id, name, prefix, salt, hash, tenant_id, team_id, user_id, roles, settings, metadata,
                                          expires_at, created_at, updated_at, revoked_at, created_by)
                    VALUES (@Id, @Name, @Prefix, @Salt, @Hash, @TenantId, @TeamId, @UserId, @Roles, @Settings, @Metadata,
                            @ExpiresAt, @CreatedAt, @UpdatedAt, @RevokedAt, @CreatedBy)
                    """,
                    ToRow(key, secret),
                    transaction,
                    cancellationToken)),
                audit,
                cancellationToken).ConfigureAwait(false);
        }
        catch (SqliteException exception) when (exception.SqliteErrorCode == 19 && exception.Message.Contains("api_keys", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"A key with id '{key.Id}' exists.", exception);
        }
    }

    /// <inheritdoc />
    public async Task<StoredApiKey?> FindAsync(string id, CancellationToken cancellationToken)
    {
        var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var row = await connection.QuerySingleOrDefaultAsync<ApiKeyRow>(new SqlStatement(
                $"SELECT {Columns} FROM api_keys WHERE id = @id",
                new { id },
                cancellationToken: cancellationToken)).ConfigureAwait(false);
            return row is null ? null : new StoredApiKey(row.ToKey(), new ApiKeySecret(row.Prefix, row.Salt, row.Hash));
        }
    }

    /// <inheritdoc />
    public async Task<Page<ApiKey>> ListAsync(string? tenantId, bool includeRevoked, int limit, string? cursor, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var rows = await connection.QueryAsync<ApiKeyRow>(new SqlStatement(
                $"""
                SELECT {Columns} FROM api_keys
                WHERE (@tenantId IS NULL OR tenant_id = @tenantId) AND (@includeRevoked OR revoked_at IS NULL)
                  AND (@cursor IS NULL OR id > @cursor)
                ORDER BY id
                LIMIT @take
                """,
                new { tenantId, includeRevoked, cursor, take = limit + 1 },
                cancellationToken: cancellationToken)).ConfigureAwait(false);
            var keys = rows.Take(limit).Select(r => r.ToKey()).ToList();
            return new Page<ApiKey>(keys, rows.Count > limit ? keys[^1].Id : null);
        }
    }

    /// <inheritdoc />
    public Task<bool> UpdateAsync(ApiKey key, DateTimeOffset basedOn, CancellationToken cancellationToken, Func<ApiKey, AuditRecord>? audit = null)
    {
        ArgumentNullException.ThrowIfNull(key);
        return ChangeAsync(
            key.Id,
            (connection, transaction) => connection.ExecuteAsync(new SqlStatement(
                """
                UPDATE api_keys SET name = @Name, team_id = @TeamId, user_id = @UserId, roles = @Roles, settings = @Settings,
                                    metadata = @Metadata, expires_at = @ExpiresAt, updated_at = @UpdatedAt
                WHERE id = @Id AND updated_at = @BasedOn AND revoked_at IS NULL
                """,
                ToRow(key, null, basedOn),
                transaction,
                cancellationToken)),
            audit,
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<bool> RotateAsync(string id, ApiKeySecret secret, DateTimeOffset now, CancellationToken cancellationToken, Func<ApiKey, AuditRecord>? audit = null)
    {
        ArgumentNullException.ThrowIfNull(secret);
        return ChangeAsync(
            id,
            (connection, transaction) => connection.ExecuteAsync(new SqlStatement(
                "UPDATE api_keys SET prefix = @prefix, salt = @salt, hash = @hash, updated_at = @now WHERE id = @id AND revoked_at IS NULL",
                new { id, prefix = secret.Prefix, salt = secret.Salt, hash = secret.Hash, now = now.ToUnixTimeMilliseconds() },
                transaction,
                cancellationToken)),
            audit,
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<bool> RevokeAsync(string id, DateTimeOffset now, CancellationToken cancellationToken, Func<ApiKey, AuditRecord>? audit = null) =>
        ChangeAsync(
            id,
            (connection, transaction) => connection.ExecuteAsync(new SqlStatement(
                "UPDATE api_keys SET revoked_at = @now, updated_at = @now WHERE id = @id AND revoked_at IS NULL",
                new { id, now = now.ToUnixTimeMilliseconds() },
                transaction,
                cancellationToken)),
            audit,
            cancellationToken);

    /// <inheritdoc />
    public async Task<int> CountAsync(CancellationToken cancellationToken)
    {
        var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            return await connection.ExecuteScalarAsync<int>(new SqlStatement(
                "SELECT COUNT(*) FROM api_keys", cancellationToken: cancellationToken)).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Runs a change of one key; with an audit record to make, reads the key back as the change left it and appends the
    /// record, all in one transaction, so that neither is kept without the other. A change that matched no row writes no
    /// record.
    /// </summary>
    private async Task<bool> ChangeAsync(
        string id,
        Func<SqliteConnection, SqliteTransaction?, Task<int>> change,
        Func<ApiKey, AuditRecord>? audit,
        CancellationToken cancellationToken)
    {
        var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            if (audit is null)
            {
                return await change(connection, null).ConfigureAwait(false) > 0;
            }

            using var transaction = connection.BeginTransaction(deferred: false);
            if (await change(connection, transaction).ConfigureAwait(false) == 0)
            {
                return false;
            }

            var row = await connection.QuerySingleOrDefaultAsync<ApiKeyRow>(new SqlStatement(
                $"SELECT {Columns} FROM api_keys WHERE id = @id",
                new { id },
                transaction,
                cancellationToken)).ConfigureAwait(false);
            await SqliteAuditLog.InsertAsync(connection, audit(row!.ToKey()), transaction, cancellationToken).ConfigureAwait(false);
            transaction.Commit();
            return true;
        }
    }

    // basedOn: the updated_at an update expects to find (see UpdateAsync); unused by the other statements.
    private static object ToRow(ApiKey key, ApiKeySecret? secret, DateTimeOffset? basedOn = null) => new
    {
        BasedOn = basedOn?.ToUnixTimeMilliseconds(),
        key.Id,
        key.Name,
        Prefix = secret?.Prefix ?? key.Prefix,
        Salt = secret?.Salt,
        Hash = secret?.Hash,
        key.TenantId,
        key.TeamId,
        key.UserId,
        Roles = JsonSerializer.Serialize(key.Roles, StorageJsonContext.Default.IReadOnlyListString),
        Settings = JsonSerializer.Serialize(key.Settings, StorageJsonContext.Default.ApiKeySettings),
        Metadata = JsonSerializer.Serialize(key.Metadata, StorageJsonContext.Default.IReadOnlyDictionaryStringString),
        ExpiresAt = key.ExpiresAt?.ToUnixTimeMilliseconds(),
        CreatedAt = key.CreatedAt.ToUnixTimeMilliseconds(),
        UpdatedAt = key.UpdatedAt.ToUnixTimeMilliseconds(),
        RevokedAt = key.RevokedAt?.ToUnixTimeMilliseconds(),
        key.CreatedBy,
    };
}
