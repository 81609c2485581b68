namespace Switchboard.Gateway.Caching;

/// <summary>
/// Where the response cache stage keeps answers, by the key <see cref="ResponseCacheKey"/> computes. The embedded
/// implementation is <see cref="MemoryResponseCache"/>; a shared one (Redis) can replace it.
/// </summary>
/// <remarks>
/// Implementations are thread-safe. A store that cannot be reached should behave as a miss (and drop writes) rather than
/// throw: the cache saves calls, it must not fail them.
/// </remarks>
public interface IResponseCache
{
    /// <summary>Returns the answer stored under <paramref name="key"/>, or null when there is none or it has expired.</summary>
    /// <param name="key">The request's key (hex SHA-256, from <see cref="ResponseCacheKey"/>).</param>
    /// <param name="cancellationToken">Cancels the lookup.</param>
    ValueTask<CachedResponse?> GetAsync(string key, CancellationToken cancellationToken);

    /// <summary>
    /// Stores <paramref name="response"/> under <paramref name="key"/> for <paramref name="ttl"/>, replacing any answer
    /// stored before. Returns false when the answer was not stored (larger than the store can hold).
    /// </summary>
    /// <param name="key">The request's key (hex SHA-256, from <see cref="ResponseCacheKey"/>).</param>
    /// <param name="response">The answer; its <see cref="CachedResponse.ApproximateBytes"/> counts against the store's bound.</param>
    /// <param name="ttl">How long the answer is served.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    ValueTask<bool> SetAsync(string key, CachedResponse response, TimeSpan ttl, CancellationToken cancellationToken);

    /// <summary>Removes the answer stored under <paramref name="key"/>, if any.</summary>
    /// <param name="key">The request's key (hex SHA-256, from <see cref="ResponseCacheKey"/>).</param>
    /// <param name="cancellationToken">Cancels the removal.</param>
    ValueTask RemoveAsync(string key, CancellationToken cancellationToken);
}
