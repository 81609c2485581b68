namespace Switchboard.Abstractions.Access;

/// <summary>Stores API keys as salted hashes.</summary>
public interface IApiKeyStore
{
    /// <summary>Stores a new key.</summary>
    /// <param name="key">The key.</param>
    /// <param name="secret">Its secret's salted hash.</param>
    /// <param name="cancellationToken">Cancels the change.</param>
    /// <param name="audit">
    /// When given, makes the audit record of the change from the key as the change left it. The record is written in the
    /// same transaction as the change: a change is never kept without its record, nor a record without its change.
    /// </param>
    /// <exception cref="InvalidOperationException">A key with this id exists.</exception>
    Task CreateAsync(ApiKey key, ApiKeySecret secret, CancellationToken cancellationToken, Func<ApiKey, AuditRecord>? audit = null);

    /// <summary>Gets a key with its secret's hash, or null.</summary>
    Task<StoredApiKey?> FindAsync(string id, CancellationToken cancellationToken);

    /// <summary>
    /// Lists the keys of a tenant (all tenants when null), oldest first, at most <paramref name="limit"/> of them after
    /// the key id <paramref name="cursor"/> (from the start when null). The page's cursor is null on the last page.
    /// </summary>
    Task<Conversations.Page<ApiKey>> ListAsync(string? tenantId, bool includeRevoked, int limit, string? cursor, CancellationToken cancellationToken);

    /// <summary>
    /// Replaces a key's roles, settings, metadata, name and expiry, if the stored key is still the one the change was
    /// made from (its last change at <paramref name="basedOn"/>) and is not revoked; returns false otherwise, so that two
    /// changes made at once cannot silently undo each other.
    /// </summary>
    /// <param name="key">The key as changed.</param>
    /// <param name="basedOn">The last change of the key the change was made from.</param>
    /// <param name="cancellationToken">Cancels the change.</param>
    /// <param name="audit">
    /// When given, makes the audit record of the change from the key as the change left it. The record is written in the
    /// same transaction as the change: a change is never kept without its record, nor a record without its change.
    /// </param>
    Task<bool> UpdateAsync(ApiKey key, DateTimeOffset basedOn, CancellationToken cancellationToken, Func<ApiKey, AuditRecord>? audit = null);

    /// <summary>Replaces a key's secret (rotation); returns false when it does not exist or is revoked.</summary>
    /// <param name="id">The key's id.</param>
    /// <param name="secret">The new secret.</param>
    /// <param name="now">The time of the change.</param>
    /// <param name="cancellationToken">Cancels the change.</param>
    /// <param name="audit">
    /// When given, makes the audit record of the change from the key as the change left it. The record is written in the
    /// same transaction as the change: a change is never kept without its record, nor a record without its change.
    /// </param>
    Task<bool> RotateAsync(string id, ApiKeySecret secret, DateTimeOffset now, CancellationToken cancellationToken, Func<ApiKey, AuditRecord>? audit = null);

    /// <summary>Revokes a key; returns false when it does not exist or was already revoked.</summary>
    /// <param name="id">The key's id.</param>
    /// <param name="now">The time of the change.</param>
    /// <param name="cancellationToken">Cancels the change.</param>
    /// <param name="audit">
    /// When given, makes the audit record of the change from the key as the change left it. The record is written in the
    /// same transaction as the change: a change is never kept without its record, nor a record without its change.
    /// </param>
    Task<bool> RevokeAsync(string id, DateTimeOffset now, CancellationToken cancellationToken, Func<ApiKey, AuditRecord>? audit = null);

    /// <summary>Counts the keys, revoked ones included.</summary>
    Task<int> CountAsync(CancellationToken cancellationToken);
}
