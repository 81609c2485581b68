using System.Collections.Concurrent;
using Switchboard.Abstractions.Governance;

namespace Switchboard.Gateway.Governance;

/// <summary>
/// The embedded <see cref="ICounterStore"/>: counters in this process's memory. A multi-counter operation locks its
/// counters in key order, so it is atomic and cannot deadlock with another. Expired counters are swept now and then.
/// </summary>
public sealed class InProcessCounterStore : ICounterStore
{
    private const int SweepEvery = 4096;

    private readonly ConcurrentDictionary<string, Counter> _counters = new(StringComparer.Ordinal);
    private readonly TimeProvider _timeProvider;
    private int _operations;

    /// <summary>Initializes a new instance of the <see cref="InProcessCounterStore"/> class.</summary>
    public InProcessCounterStore(TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        _timeProvider = timeProvider;
    }

    /// <summary>Gets the number of counters held, expired ones not yet swept included.</summary>
    public int Count => _counters.Count;

    /// <inheritdoc />
    public ValueTask<CounterResult> TryAddAsync(IReadOnlyList<CounterCharge> charges, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(charges);
        var now = _timeProvider.GetUtcNow();
        var values = new long[charges.Count];
        var order = LockOrder(charges);
        Counter[] counters;
        while (true)
        {
            counters = Resolve(charges);
            LockAll(counters, order);
            if (!AnyRemoved(counters))
            {
                break;
            }

            // A sweep retired one of them between the lookup and the lock: look them up again.
            UnlockAll(counters, order);
        }

        try
        {
            var rejected = -1;
            for (var i = 0; i < charges.Count; i++)
            {
                var current = counters[i].ValueAt(now);
                values[i] = current;

                // The same key twice in one call: the later charge is checked on top of the earlier ones, as they
                // would be added, or the two together could go over the limit that each alone stays within.
                var projected = current + PendingBefore(charges, counters, i);
                if (rejected < 0 && charges[i].Amount > 0 && projected + charges[i].Amount > charges[i].Limit)
                {
                    rejected = i;
                }
            }

            if (rejected >= 0)
            {
                return ValueTask.FromResult(new CounterResult(false, rejected, values));
            }

            for (var i = 0; i < charges.Count; i++)
            {
                values[i] = counters[i].Add(charges[i].Amount, charges[i].ExpiresAt, now);
            }

            return ValueTask.FromResult(new CounterResult(true, -1, values));
        }
        finally
        {
            UnlockAll(counters, order);
            MaybeSweep(now);
        }
    }

    /// <inheritdoc />
    public ValueTask AddAsync(IReadOnlyList<CounterCharge> charges, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(charges);
        var now = _timeProvider.GetUtcNow();
        for (var i = 0; i < charges.Count; i++)
        {
            while (true)
            {
                var counter = _counters.GetOrAdd(charges[i].Key, static _ => new Counter());
                lock (counter)
                {
                    if (!counter.Removed)
                    {
                        counter.Add(charges[i].Amount, charges[i].ExpiresAt, now);
                        break;
                    }
                }
            }
        }

        MaybeSweep(now);
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask<long> GetAsync(string key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (!_counters.TryGetValue(key, out var counter))
        {
            return ValueTask.FromResult(0L);
        }

        lock (counter)
        {
            return ValueTask.FromResult(counter.ValueAt(_timeProvider.GetUtcNow()));
        }
    }

    /// <summary>The amounts of the charges before <paramref name="index"/> to the same counter.</summary>
    private static long PendingBefore(IReadOnlyList<CounterCharge> charges, Counter[] counters, int index)
    {
        var pending = 0L;
        for (var j = 0; j < index; j++)
        {
            if (ReferenceEquals(counters[j], counters[index]))
            {
                pending += charges[j].Amount;
            }
        }

        return pending;
    }

    private static bool AnyRemoved(Counter[] counters)
    {
        foreach (var counter in counters)
        {
            if (counter.Removed)
            {
                return true;
            }
        }

        return false;
    }

    private Counter[] Resolve(IReadOnlyList<CounterCharge> charges)
    {
        var counters = new Counter[charges.Count];
        for (var i = 0; i < charges.Count; i++)
        {
            counters[i] = _counters.GetOrAdd(charges[i].Key, static _ => new Counter());
        }

        return counters;
    }

    private static int[] LockOrder(IReadOnlyList<CounterCharge> charges)
    {
        var order = new int[charges.Count];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        if (order.Length > 1)
        {
            Array.Sort(order, (a, b) => string.CompareOrdinal(charges[a].Key, charges[b].Key));
        }

        return order;
    }

    private static void LockAll(Counter[] counters, int[] order)
    {
        for (var i = 0; i < order.Length; i++)
        {
            var counter = counters[order[i]];

            // The same key twice in one call: its lock is already held (Monitor is re-entrant, so this is only tidy).
            Monitor.Enter(counter);
        }
    }

    private static void UnlockAll(Counter[] counters, int[] order)
    {
        for (var i = order.Length - 1; i >= 0; i--)
        {
            Monitor.Exit(counters[order[i]]);
        }
    }

    private void MaybeSweep(DateTimeOffset now)
    {
        if (Interlocked.Increment(ref _operations) % SweepEvery != 0)
        {
            return;
        }

        foreach (var (key, counter) in _counters)
        {
            // Retired under its lock, so that nobody adds to a counter that is no longer in the map.
            lock (counter)
            {
                if (counter.ExpiresAt <= now)
                {
                    counter.Removed = true;
                    _counters.TryRemove(new KeyValuePair<string, Counter>(key, counter));
                }
            }
        }
    }

    /// <summary>One counter; guarded by locking the instance.</summary>
    private sealed class Counter
    {
        private long _value;

        public DateTimeOffset ExpiresAt { get; private set; } = DateTimeOffset.MinValue;

        public bool Removed { get; set; }

        public long ValueAt(DateTimeOffset now) => ExpiresAt <= now ? 0 : _value;

        public long Add(long amount, DateTimeOffset expiresAt, DateTimeOffset now)
        {
            if (ExpiresAt <= now)
            {
                _value = 0;
            }

            _value += amount;
            if (expiresAt > ExpiresAt)
            {
                ExpiresAt = expiresAt;
            }

            return _value;
        }
    }
}
