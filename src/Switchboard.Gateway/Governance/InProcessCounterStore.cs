using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Switchboard.Abstractions.Governance;

namespace Switchboard.Gateway.Governance;

/// <summary>
/// The embedded <see cref="ICounterStore"/>: counters in this process's memory. A multi-counter operation locks its
/// counters in key order, so it is atomic and cannot deadlock with another. Expired counters are swept now and then.
/// </summary>
public sealed class InProcessCounterStore : ICounterStore
{
    /// <summary>The most charges <see cref="TryAdd"/> handles without allocating.</summary>
    public const int InlineCharges = 8;

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
        var copy = charges as CounterCharge[] ?? [.. charges];
        var values = new long[copy.Length];
        var admitted = TryAdd(copy, values, out var rejected);
        return ValueTask.FromResult(new CounterResult(admitted, rejected, values));
    }

    /// <summary>
    /// Adds every charge's amount to its counter if, and only if, every counter stays within its limit; otherwise
    /// changes nothing. The synchronous form of <see cref="TryAddAsync"/>, which allocates nothing for up to
    /// <see cref="InlineCharges"/> charges: the caller provides the buffer for the counters' values.
    /// </summary>
    /// <param name="charges">The charges.</param>
    /// <param name="values">Receives each counter's value after the call (unchanged ones when not admitted); at least as
    /// long as <paramref name="charges"/>.</param>
    /// <param name="rejectedIndex">The index of the first charge that would have gone over its limit, or -1.</param>
    /// <returns>Whether every amount was added.</returns>
    public bool TryAdd(ReadOnlySpan<CounterCharge> charges, Span<long> values, out int rejectedIndex)
    {
        if (values.Length < charges.Length)
        {
            throw new ArgumentException("The buffer for the values is shorter than the charges.", nameof(values));
        }

        var now = _timeProvider.GetUtcNow();
        var inlineCounters = default(CounterBuffer);
        var counters = charges.Length <= InlineCharges ? ((Span<Counter>)inlineCounters)[..charges.Length] : new Counter[charges.Length];
        var order = charges.Length <= InlineCharges ? stackalloc int[charges.Length] : new int[charges.Length];
        LockOrder(charges, order);
        while (true)
        {
            Resolve(charges, counters);
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
            rejectedIndex = -1;
            for (var i = 0; i < charges.Length; i++)
            {
                var current = counters[i].ValueAt(now);
                values[i] = current;

                // The same key twice in one call: the later charge is checked on top of the earlier ones, as they
                // would be added, or the two together could go over the limit that each alone stays within.
                var projected = SaturatingAdd(current, PendingBefore(charges, counters, i));
                if (rejectedIndex < 0 && charges[i].Amount > 0 && SaturatingAdd(projected, charges[i].Amount) > charges[i].Limit)
                {
                    rejectedIndex = i;
                }
            }

            if (rejectedIndex >= 0)
            {
                return false;
            }

            for (var i = 0; i < charges.Length; i++)
            {
                values[i] = counters[i].Add(charges[i].Amount, charges[i].ExpiresAt, now);
            }

            return true;
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
            AddOne(charges[i], now);
        }

        MaybeSweep(now);
        return ValueTask.CompletedTask;
    }

    /// <summary>Adds every amount unconditionally; the synchronous form of <see cref="AddAsync"/>, allocating nothing.</summary>
    /// <param name="charges">The charges.</param>
    public void Add(ReadOnlySpan<CounterCharge> charges)
    {
        var now = _timeProvider.GetUtcNow();
        foreach (ref readonly var charge in charges)
        {
            AddOne(charge, now);
        }

        MaybeSweep(now);
    }

    /// <inheritdoc />
    public ValueTask<long> GetAsync(string key, CancellationToken cancellationToken) => ValueTask.FromResult(Get(key));

    /// <summary>Reads a counter; 0 when it does not exist or has expired. The synchronous form of <see cref="GetAsync"/>.</summary>
    /// <param name="key">The counter's key.</param>
    /// <returns>The counter's value.</returns>
    public long Get(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (!_counters.TryGetValue(key, out var counter))
        {
            return 0L;
        }

        lock (counter)
        {
            return counter.ValueAt(_timeProvider.GetUtcNow());
        }
    }

    /// <inheritdoc />
    public ValueTask SeedAsync(CounterCharge charge, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(charge.Key);
        var now = _timeProvider.GetUtcNow();
        while (true)
        {
            var counter = _counters.GetOrAdd(charge.Key, static _ => new Counter());
            lock (counter)
            {
                if (counter.Removed)
                {
                    continue;
                }

                // A live counter has been charged (or seeded) in this process already: it is the truth.
                if (counter.ExpiresAt <= now)
                {
                    counter.Add(charge.Amount, charge.ExpiresAt, now);
                }

                return ValueTask.CompletedTask;
            }
        }
    }

    private void AddOne(in CounterCharge charge, DateTimeOffset now)
    {
        while (true)
        {
            var counter = _counters.GetOrAdd(charge.Key, static _ => new Counter());
            lock (counter)
            {
                if (!counter.Removed)
                {
                    counter.Add(charge.Amount, charge.ExpiresAt, now);
                    return;
                }
            }
        }
    }

    /// <summary>
    /// Adds without wrapping: a charge no counter can hold (a cost above $9.2 billion) pins it at the top, where every
    /// reservation is refused, instead of wrapping to a negative spend that every reservation would pass.
    /// </summary>
    internal static long SaturatingAdd(long a, long b)
    {
        var sum = unchecked(a + b);
        return ((a ^ sum) & (b ^ sum)) < 0 ? (b > 0 ? long.MaxValue : long.MinValue) : sum;
    }

    /// <summary>The amounts of the charges before <paramref name="index"/> to the same counter.</summary>
    private static long PendingBefore(ReadOnlySpan<CounterCharge> charges, Span<Counter> counters, int index)
    {
        var pending = 0L;
        for (var j = 0; j < index; j++)
        {
            if (ReferenceEquals(counters[j], counters[index]))
            {
                pending = SaturatingAdd(pending, charges[j].Amount);
            }
        }

        return pending;
    }

    private static bool AnyRemoved(Span<Counter> counters)
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

    private void Resolve(ReadOnlySpan<CounterCharge> charges, Span<Counter> counters)
    {
        for (var i = 0; i < charges.Length; i++)
        {
            counters[i] = _counters.GetOrAdd(charges[i].Key, static _ => new Counter());
        }
    }

    /// <summary>The charges' indexes in key order; an insertion sort, as calls charge a handful of counters.</summary>
    private static void LockOrder(ReadOnlySpan<CounterCharge> charges, Span<int> order)
    {
        for (var i = 0; i < order.Length; i++)
        {
            var index = i;
            var j = i - 1;
            while (j >= 0 && string.CompareOrdinal(charges[order[j]].Key, charges[index].Key) > 0)
            {
                order[j + 1] = order[j];
                j--;
            }

            order[j + 1] = index;
        }
    }

    private static void LockAll(Span<Counter> counters, Span<int> order)
    {
        for (var i = 0; i < order.Length; i++)
        {
            var counter = counters[order[i]];

            // The same key twice in one call: its lock is already held (Monitor is re-entrant, so this is only tidy).
            Monitor.Enter(counter);
        }
    }

    private static void UnlockAll(Span<Counter> counters, Span<int> order)
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

    /// <summary>Room for the counters of <see cref="InlineCharges"/> charges on the stack.</summary>
    [InlineArray(InlineCharges)]
    private struct CounterBuffer
    {
        private Counter _element;
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

            _value = SaturatingAdd(_value, amount);
            if (expiresAt > ExpiresAt)
            {
                ExpiresAt = expiresAt;
            }

            return _value;
        }
    }
}
