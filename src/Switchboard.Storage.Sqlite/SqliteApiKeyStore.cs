using System.Text.Json;
using Microsoft.Data.Sqlite;
using Switchboard.Abstractions.Access;
using Switchboard.Abstractions.Conversations;

namespace Switchboard.Storage.Sqlite;

/// <summary>The SQLite <see cref="IApiKeyStore"/>: keys as salted hashes, changes as single statements.</summary>
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
    public async Task CreateAsync(ApiKey key, ApiKeySecret secret, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(secret);
        var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            try
            {
                await connection.ExecuteAsync(new SqlStatement(
                    """
                    INSERT INTO api_keys (id, name, prefix, salt, hash, tenant_id, team_id, user_id, roles, settings, metadata,
                                          expires_at, created_at, updated_at, revoked_at, created_by)
                    VALUES (@Id, @Name, @Prefix, @Salt, @Hash, @TenantId, @TeamId, @UserId, @Roles, @Settings, @Metadata,
                            @ExpiresAt, @CreatedAt, @UpdatedAt, @RevokedAt, @CreatedBy)
                    """,
                    ToRow(key, secret),
                    cancellationToken: cancellationToken)).ConfigureAwait(false);
            }
            catch (SqliteException exception) when (exception.SqliteErrorCode == 19)
            {
                throw new InvalidOperationException($"A key with id '{key.Id}' exists.", exception);
            }
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
    public async Task<bool> UpdateAsync(ApiKey key, DateTimeOffset basedOn, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var changed = await connection.ExecuteAsync(new SqlStatement(
                """
                UPDATE api_keys SET name = @Name, team_id = @TeamId, user_id = @UserId, roles = @Roles, settings = @Settings,
                                    metadata = @Metadata, expires_at = @ExpiresAt, updated_at = @UpdatedAt
                WHERE id = @Id AND updated_at = @BasedOn AND revoked_at IS NULL
                """,
                ToRow(key, null, basedOn),
                cancellationToken: cancellationToken)).ConfigureAwait(false);
            return changed > 0;
        }
    }

    /// <inheritdoc />
    public async Task<bool> RotateAsync(string id, ApiKeySecret secret, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(secret);
        var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var changed = await connection.ExecuteAsync(new SqlStatement(
                "UPDATE api_keys SET prefix = @prefix, salt = @salt, hash = @hash, updated_at = @now WHERE id = @id AND revoked_at IS NULL",
                new { id, prefix = secret.Prefix, salt = secret.Salt, hash = secret.Hash, now = now.ToUnixTimeMilliseconds() },
                cancellationToken: cancellationToken)).ConfigureAwait(false);
            return changed > 0;
        }
    }

    /// <inheritdoc />
    public async Task<bool> RevokeAsync(string id, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var changed = await connection.ExecuteAsync(new SqlStatement(
                "UPDATE api_keys SET revoked_at = @now, updated_at = @now WHERE id = @id AND revoked_at IS NULL",
                new { id, now = now.ToUnixTimeMilliseconds() },
                cancellationToken: cancellationToken)).ConfigureAwait(false);
            return changed > 0;
        }
    }

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
