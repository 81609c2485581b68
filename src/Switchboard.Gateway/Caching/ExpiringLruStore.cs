using System.Diagnostics.CodeAnalysis;

namespace Switchboard.Gateway.Caching;

/// <summary>
/// A map from string keys to values that is bounded by an estimate of its size in bytes and whose entries expire. When
/// a write takes it over the bound, the least recently used entries are evicted. One lock guards a dictionary and a
/// linked list (most recently used first), so every operation is O(1) apart from the evictions a write causes.
/// </summary>
/// <typeparam name="TValue">The stored values; the store never copies them, so they must not be mutated once stored.</typeparam>
internal sealed class ExpiringLruStore<TValue>
    where TValue : class
{
    /// <summary>
    /// Bytes counted for each entry beyond its value and its key's characters: the dictionary slot, the list node, the
    /// entry object and the key's string header.
    /// </summary>
    public const long EntryOverheadBytes = 160;

    private readonly Dictionary<string, LinkedListNode<Entry>> _entries = new(StringComparer.Ordinal);
    private readonly LinkedList<Entry> _recency = new();
    private readonly Lock _lock = new();
    private readonly long _maxBytes;
    private readonly TimeProvider _timeProvider;
    private long _bytes;
    private long _hits;
    private long _misses;
    private long _evictions;

    /// <summary>Initializes a new instance of the <see cref="ExpiringLruStore{TValue}"/> class.</summary>
    /// <param name="maxBytes">The bound on the sum of the entries' sizes.</param>
    /// <param name="timeProvider">The clock entries expire by.</param>
    public ExpiringLruStore(long maxBytes, TimeProvider timeProvider)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxBytes);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _maxBytes = maxBytes;
        _timeProvider = timeProvider;
    }

    /// <summary>Gets the number of lookups that found a live entry.</summary>
    public long Hits => Interlocked.Read(ref _hits);

    /// <summary>Gets the number of lookups that found no entry, or an expired one.</summary>
    public long Misses => Interlocked.Read(ref _misses);

    /// <summary>Gets the number of live entries evicted to stay within the bound.</summary>
    public long Evictions => Interlocked.Read(ref _evictions);

    /// <summary>Gets the number of entries held, expired ones not yet dropped included.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>Gets the estimated size of the entries held, in bytes.</summary>
    public long Bytes => Interlocked.Read(ref _bytes);

    /// <summary>Returns the estimated size of an entry whose value is <paramref name="valueBytes"/> under <paramref name="key"/>.</summary>
    public static long EntryBytes(string key, long valueBytes) => valueBytes + EntryOverheadBytes + (key.Length * 2L);

    /// <summary>Looks <paramref name="key"/> up; a live entry becomes the most recently used, an expired one is dropped.</summary>
    public bool TryGet(string key, [NotNullWhen(true)] out TValue? value)
    {
        ArgumentNullException.ThrowIfNull(key);
        var now = _timeProvider.GetUtcNow();
        lock (_lock)
        {
            if (_entries.TryGetValue(key, out var node))
            {
                if (node.Value.ExpiresAt > now)
                {
                    _recency.Remove(node);
                    _recency.AddFirst(node);
                    _hits++;
                    value = node.Value.Value;
                    return true;
                }

                Remove(node);
            }

            _misses++;
        }

        value = null;
        return false;
    }

    /// <summary>
    /// Stores <paramref name="value"/> under <paramref name="key"/> until <paramref name="ttl"/> has passed, replacing
    /// any entry stored before, and evicts the least recently used entries until the store is within its bound.
    /// Returns false, and stores nothing, when the entry alone is larger than the bound.
    /// </summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The value.</param>
    /// <param name="valueBytes">The value's estimated size in bytes.</param>
    /// <param name="ttl">How long the entry lives.</param>
    /// <param name="evicted">The number of live entries evicted to make room.</param>
    public bool Set(string key, TValue value, long valueBytes, TimeSpan ttl, out int evicted)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        evicted = 0;
        var bytes = EntryBytes(key, valueBytes);
        if (bytes > _maxBytes)
        {
            return false;
        }

        var now = _timeProvider.GetUtcNow();
        lock (_lock)
        {
            if (_entries.TryGetValue(key, out var existing))
            {
                Remove(existing);
            }

            _entries[key] = _recency.AddFirst(new Entry(key, value, bytes, now + ttl));
            _bytes += bytes;
            while (_bytes > _maxBytes)
            {
                // The new entry is first and fits on its own, so the loop stops before reaching it.
                var last = _recency.Last!;
                if (last.Value.ExpiresAt > now)
                {
                    evicted++;
                }

                Remove(last);
            }

            _evictions += evicted;
        }

        return true;
    }

    /// <summary>Removes the entry under <paramref name="key"/>, if any; returns whether there was one.</summary>
    public bool Remove(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        lock (_lock)
        {
            if (!_entries.TryGetValue(key, out var node))
            {
                return false;
            }

            Remove(node);
            return true;
        }
    }

    private void Remove(LinkedListNode<Entry> node)
    {
        _recency.Remove(node);
        _entries.Remove(node.Value.Key);
        _bytes -= node.Value.Bytes;
    }

    private sealed record Entry(string Key, TValue Value, long Bytes, DateTimeOffset ExpiresAt);
}
