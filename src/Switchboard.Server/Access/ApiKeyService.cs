using System.Collections.Concurrent;
using Switchboard.Abstractions.Access;
using Switchboard.Abstractions.Conversations;
using Switchboard.Abstractions.Ids;

namespace Switchboard.Server.Access;

/// <summary>
/// Authenticates API keys and manages them. Keys read from the store are kept for <see cref="AccessOptions.KeyCacheSeconds"/>
/// so that authentication costs no database read on most requests; changes made through this service drop the
/// cached copy at once.
/// </summary>
internal sealed class ApiKeyService
{
    private const int MaxCachedKeys = 10_000;

    private readonly IApiKeyStore _store;
    private readonly TimeProvider _timeProvider;
    private readonly AccessOptions _options;
    private readonly ConcurrentDictionary<string, CachedKey> _cache = new(StringComparer.Ordinal);
    private readonly TimeSpan _cacheFor;

    /// <summary>
    /// Counts the changes made to keys through this node. A lookup that read the store before a change and would cache
    /// what it read after it must not: a revoked key would otherwise stay accepted until the entry expires.
    /// </summary>
    private long _changes;

    public ApiKeyService(IApiKeyStore store, TimeProvider timeProvider, AccessOptions options)
    {
        _store = store;
        _timeProvider = timeProvider;
        _options = options;
        _cacheFor = TimeSpan.FromSeconds(Math.Max(0, options.KeyCacheSeconds));
    }

    /// <summary>Checks a token; returns the caller, or null with why it was refused (never revealing which part was wrong to the caller).</summary>
    public async ValueTask<(CallerPrincipal? Caller, string Failure, ApiKey? Key)> AuthenticateAsync(string token, CancellationToken cancellationToken)
    {
        if (!ApiKeyTokens.TryParse(token, out var keyId, out var secret))
        {
            return (null, "malformed key", null);
        }

        var found = await FindAsync(keyId, cancellationToken).ConfigureAwait(false);
        var stored = found.Key;
        if (stored is null)
        {
            return (null, "unknown key", null);
        }

        // The salted hash is checked once per cached entry; later requests with the same secret compare it with the one
        // that passed, in constant time (the hash is an OpenSSL call of a few microseconds on every request otherwise).
        if (found.VerifiedSecret is not { } verified || !SameSecret(verified, secret))
        {
            if (!ApiKeyTokens.Verify(secret, stored.Secret))
            {
                return (null, "wrong secret", stored.Key);
            }

            found.VerifiedSecret = secret;
        }

        var key = stored.Key;
        if (key.IsRevoked)
        {
            return (null, "revoked key", key);
        }

        if (key.IsExpiredAt(_timeProvider.GetUtcNow()))
        {
            return (null, "expired key", key);
        }

        return (found.Caller ?? ToCaller(key), string.Empty, key);
    }

    /// <summary>Whether a key of <paramref name="tenant"/> with <paramref name="roles"/> is a root admin (it manages every tenant).</summary>
    public bool IsRootAdmin(string tenant, IReadOnlyCollection<string> roles) =>
        roles.Contains(Roles.Admin) && string.Equals(tenant, _options.RootTenant, StringComparison.Ordinal);

    /// <summary>The caller a key makes.</summary>
    public CallerPrincipal ToCaller(ApiKey key)
    {
        var rootAdmin = IsRootAdmin(key.TenantId, key.Roles);
        return new CallerPrincipal
        {
            TenantId = key.TenantId,
            KeyId = key.Id,
            Name = key.UserId ?? key.Name,
            UserId = key.UserId,
            TeamId = key.TeamId,
            Roles = key.Roles,
            Permissions = RolePermissions.Of(key.Roles, rootAdmin),
            Settings = key.Settings,
            ExpiresAt = key.ExpiresAt,
            IsRootAdmin = rootAdmin,
        };
    }

    /// <summary>Creates a key; returns it with its token, which is shown this once.</summary>
    /// <param name="draft">The key's fields.</param>
    /// <param name="createdBy">Who creates it.</param>
    /// <param name="cancellationToken">Cancels the change.</param>
    /// <param name="id">The key's id; a new one when null.</param>
    /// <param name="token">The key's token (a configured bootstrap key); a new one when null.</param>
    /// <param name="audit">Makes the change's audit record from the stored key, written in the same transaction.</param>
    public async Task<(ApiKey Key, string Token)> CreateAsync(KeyDraft draft, string? createdBy, CancellationToken cancellationToken, string? id = null, string? token = null, Func<ApiKey, AuditRecord>? audit = null)
    {
        var now = _timeProvider.GetUtcNow();
        id ??= SortableId.New("key", _timeProvider);
        ApiKeySecret secret;
        if (token is null)
        {
            (token, secret) = ApiKeyTokens.Create(id);
        }
        else
        {
            secret = ApiKeyTokens.ProtectBootstrap(token);
        }

        var key = new ApiKey(
            id, draft.Name, secret.Prefix, draft.TenantId, draft.TeamId, draft.UserId, draft.Roles, draft.Settings, draft.Metadata,
            draft.ExpiresAt, now, now, null, createdBy);
        await _store.CreateAsync(key, secret, cancellationToken, audit).ConfigureAwait(false);
        Forget(id);
        return (key, token);
    }

    /// <summary>Gets a key by id.</summary>
    public async Task<ApiKey?> GetAsync(string id, CancellationToken cancellationToken) =>
        (await _store.FindAsync(id, cancellationToken).ConfigureAwait(false))?.Key;

    /// <summary>Lists keys.</summary>
    public Task<Page<ApiKey>> ListAsync(string? tenantId, bool includeRevoked, int limit, string? cursor, CancellationToken cancellationToken) =>
        _store.ListAsync(tenantId, includeRevoked, limit, cursor, cancellationToken);

    /// <summary>Replaces a key's changeable fields.</summary>
    /// <param name="key">The key as changed, with the <see cref="ApiKey.UpdatedAt"/> of the key it was changed from.</param>
    /// <param name="cancellationToken">Cancels the change.</param>
    /// <param name="audit">Makes the change's audit record from the stored key, written in the same transaction.</param>
    public async Task<bool> UpdateAsync(ApiKey key, CancellationToken cancellationToken, Func<ApiKey, AuditRecord>? audit = null)
    {
        // The change was made from the key as it was at key.UpdatedAt; the store refuses it if the key changed since. The
        // store keeps milliseconds, so the new time is at least a millisecond later, or a change made within the same
        // millisecond would leave the version as it was and a stale change would still match.
        var basedOn = DateTimeOffset.FromUnixTimeMilliseconds(key.UpdatedAt.ToUnixTimeMilliseconds());
        var next = DateTimeOffset.FromUnixTimeMilliseconds(Math.Max(_timeProvider.GetUtcNow().ToUnixTimeMilliseconds(), basedOn.ToUnixTimeMilliseconds() + 1));
        var updated = await _store.UpdateAsync(key with { UpdatedAt = next }, basedOn, cancellationToken, audit).ConfigureAwait(false);
        Forget(key.Id);
        return updated;
    }

    /// <summary>Gives a key a new secret; the old token stops working at once on this node.</summary>
    /// <param name="id">The key's id.</param>
    /// <param name="cancellationToken">Cancels the change.</param>
    /// <param name="audit">Makes the change's audit record from the stored key, written in the same transaction.</param>
    public async Task<string?> RotateAsync(string id, CancellationToken cancellationToken, Func<ApiKey, AuditRecord>? audit = null)
    {
        var (token, secret) = ApiKeyTokens.Create(id);
        var rotated = await _store.RotateAsync(id, secret, _timeProvider.GetUtcNow(), cancellationToken, audit).ConfigureAwait(false);
        Forget(id);
        return rotated ? token : null;
    }

    /// <summary>Replaces the secret of the bootstrap key with a configured one.</summary>
    /// <param name="token">The configured token.</param>
    /// <param name="cancellationToken">Cancels the change.</param>
    /// <param name="audit">Makes the change's audit record from the stored key, written in the same transaction.</param>
    public async Task<bool> SetBootstrapSecretAsync(string token, CancellationToken cancellationToken, Func<ApiKey, AuditRecord>? audit = null)
    {
        var rotated = await _store.RotateAsync(ApiKeyTokens.BootstrapKeyId, ApiKeyTokens.ProtectBootstrap(token), _timeProvider.GetUtcNow(), cancellationToken, audit).ConfigureAwait(false);
        Forget(ApiKeyTokens.BootstrapKeyId);
        return rotated;
    }

    /// <summary>Revokes a key; it stops working at once on this node.</summary>
    /// <param name="id">The key's id.</param>
    /// <param name="cancellationToken">Cancels the change.</param>
    /// <param name="audit">Makes the change's audit record from the stored key, written in the same transaction.</param>
    public async Task<bool> RevokeAsync(string id, CancellationToken cancellationToken, Func<ApiKey, AuditRecord>? audit = null)
    {
        var revoked = await _store.RevokeAsync(id, _timeProvider.GetUtcNow(), cancellationToken, audit).ConfigureAwait(false);
        Forget(id);
        return revoked;
    }

    private async ValueTask<CachedKey> FindAsync(string keyId, CancellationToken cancellationToken)
    {
        var now = _timeProvider.GetTimestamp();
        if (_cache.TryGetValue(keyId, out var cached) && now < cached.Until)
        {
            return cached;
        }

        var changes = Volatile.Read(ref _changes);
        var stored = await _store.FindAsync(keyId, cancellationToken).ConfigureAwait(false);
        if (_cacheFor > TimeSpan.Zero)
        {
            if (_cache.Count >= MaxCachedKeys)
            {
                // Unknown ids are cached too (a flood of garbled keys must not reach the database each time), so the
                // cache is bounded; starting over is cheap.
                _cache.Clear();
            }

            // The caller is made with the entry, not on every request: it depends on nothing but the key.
            var entry = new CachedKey(stored, now + (long)(_cacheFor.TotalSeconds * _timeProvider.TimestampFrequency), stored is null ? null : ToCaller(stored.Key));
            _cache[keyId] = entry;

            // A change since the read may have removed the entry before it was written: then it is stale, drop it. (A
            // change after this check removes it itself, as Forget counts before it removes.)
            if (Interlocked.Read(ref _changes) != changes)
            {
                _cache.TryRemove(KeyValuePair.Create(keyId, entry));
            }

            return entry;
        }

        return new CachedKey(stored, now, null);
    }

    /// <summary>Drops a changed key's cache entry; counted first, so that a lookup racing the change does not cache the old key.</summary>
    private void Forget(string id)
    {
        Interlocked.Increment(ref _changes);
        _cache.TryRemove(id, out _);
    }

    private static bool SameSecret(string verified, string presented) =>
        verified.Length == presented.Length
        && System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
            System.Runtime.InteropServices.MemoryMarshal.AsBytes(verified.AsSpan()),
            System.Runtime.InteropServices.MemoryMarshal.AsBytes(presented.AsSpan()));

    /// <summary>
    /// A key as read from the store, until when it may be used without reading it again, the caller it makes, and the
    /// secret that last passed its hash check (kept in memory only, for as long as the entry; a rotation, revocation or
    /// change through this node drops the entry).
    /// </summary>
    private sealed class CachedKey(StoredApiKey? key, long until, CallerPrincipal? caller)
    {
        public StoredApiKey? Key { get; } = key;

        public long Until { get; } = until;

        public CallerPrincipal? Caller { get; } = caller;

        public string? VerifiedSecret { get; set; }
    }
}
