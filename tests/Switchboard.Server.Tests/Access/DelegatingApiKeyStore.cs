using Switchboard.Abstractions.Access;

namespace Switchboard.Server.Tests.Access;

/// <summary>A key store that passes every call to another; test stores override the calls they change.</summary>
internal abstract class DelegatingApiKeyStore(IApiKeyStore inner) : IApiKeyStore
{
    public virtual Task<StoredApiKey?> FindAsync(string id, CancellationToken cancellationToken) => inner.FindAsync(id, cancellationToken);

    public virtual Task CreateAsync(ApiKey key, ApiKeySecret secret, CancellationToken cancellationToken, Func<ApiKey, AuditRecord>? audit = null) => inner.CreateAsync(key, secret, cancellationToken, audit);

    public virtual Task<Abstractions.Conversations.Page<ApiKey>> ListAsync(string? tenantId, bool includeRevoked, int limit, string? cursor, CancellationToken cancellationToken) => inner.ListAsync(tenantId, includeRevoked, limit, cursor, cancellationToken);

    public virtual Task<bool> UpdateAsync(ApiKey key, DateTimeOffset basedOn, CancellationToken cancellationToken, Func<ApiKey, AuditRecord>? audit = null) => inner.UpdateAsync(key, basedOn, cancellationToken, audit);

    public virtual Task<bool> RotateAsync(string id, ApiKeySecret secret, DateTimeOffset now, CancellationToken cancellationToken, Func<ApiKey, AuditRecord>? audit = null) => inner.RotateAsync(id, secret, now, cancellationToken, audit);

    public virtual Task<bool> RevokeAsync(string id, DateTimeOffset now, CancellationToken cancellationToken, Func<ApiKey, AuditRecord>? audit = null) => inner.RevokeAsync(id, now, cancellationToken, audit);

    public virtual Task<int> CountAsync(CancellationToken cancellationToken) => inner.CountAsync(cancellationToken);
}
