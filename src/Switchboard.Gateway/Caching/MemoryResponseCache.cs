using Switchboard.Gateway.Telemetry;

namespace Switchboard.Gateway.Caching;

/// <summary>
/// The embedded <see cref="IResponseCache"/>: answers in this process's memory, least recently used evicted first
/// once their estimated sizes (<see cref="CachedResponse.ApproximateBytes"/> plus
/// <see cref="EntryOverheadBytes"/> and the key) add up to more than <see cref="ResponseCacheOptions.MaxBytes"/>.
/// Entries expire by the <see cref="TimeProvider"/>; an expired entry is dropped when it is next looked up or when it
/// reaches the end of the eviction order.
/// </summary>
public sealed class MemoryResponseCache : IResponseCache
{
    /// <summary>Bytes counted per entry beyond the answer and the key (dictionary slot, list node, entry object).</summary>
    public const long EntryOverheadBytes = ExpiringLruStore<CachedResponse>.EntryOverheadBytes;

    private static readonly KeyValuePair<string, object?> CacheTag = new("cache", "response");

    private readonly ExpiringLruStore<CachedResponse> _store;

    /// <summary>Initializes a new instance of the <see cref="MemoryResponseCache"/> class.</summary>
    /// <param name="options">The memory bound (<see cref="ResponseCacheOptions.MaxBytes"/>).</param>
    /// <param name="timeProvider">The clock entries expire by.</param>
    public MemoryResponseCache(ResponseCacheOptions options, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        _store = new ExpiringLruStore<CachedResponse>(options.MaxBytes, timeProvider);
    }

    /// <summary>Gets the number of lookups that found an answer.</summary>
    public long Hits => _store.Hits;

    /// <summary>Gets the number of lookups that found none (or an expired one).</summary>
    public long Misses => _store.Misses;

    /// <summary>Gets the number of live answers evicted to stay within the memory bound.</summary>
    public long Evictions => _store.Evictions;

    /// <summary>Gets the number of answers held, expired ones not yet dropped included.</summary>
    public int Count => _store.Count;

    /// <summary>Gets the estimated size of the answers held, in bytes.</summary>
    public long Bytes => _store.Bytes;

    /// <inheritdoc />
    public ValueTask<CachedResponse?> GetAsync(string key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        return ValueTask.FromResult(_store.TryGet(key, out var response) ? response : null);
    }

    /// <inheritdoc />
    public ValueTask<bool> SetAsync(string key, CachedResponse response, TimeSpan ttl, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(response);
        var stored = _store.Set(key, response, response.ApproximateBytes, ttl, out var evicted);
        if (evicted > 0)
        {
            GatewayInstruments.CacheEvictions.Add(evicted, CacheTag);
        }

        return ValueTask.FromResult(stored);
    }

    /// <inheritdoc />
    public ValueTask RemoveAsync(string key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        _store.Remove(key);
        return ValueTask.CompletedTask;
    }
}
