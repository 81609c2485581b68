using System.Collections.Concurrent;
using Switchboard.Abstractions.Governance;

namespace Switchboard.Gateway.Tests.Fakes;

/// <summary>
/// An <see cref="ICounterStore"/> that passes every operation to a real one and remembers the highest value each
/// counter ever held after an operation, so that a test can prove a limit was never crossed, not only at the end.
/// </summary>
public sealed class RecordingCounterStore(ICounterStore inner) : ICounterStore
{
    private readonly ConcurrentDictionary<string, long> _highest = new(StringComparer.Ordinal);
    private int _tryAddCalls;
    private int _addCalls;

    public int TryAddCalls => Volatile.Read(ref _tryAddCalls);

    public int AddCalls => Volatile.Read(ref _addCalls);

    /// <summary>Gets the highest value <paramref name="key"/> held after any operation; 0 when never touched.</summary>
    public long Highest(string key) => _highest.GetValueOrDefault(key);

    public async ValueTask<CounterResult> TryAddAsync(IReadOnlyList<CounterCharge> charges, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _tryAddCalls);
        var result = await inner.TryAddAsync(charges, cancellationToken);
        if (result.Admitted)
        {
            for (var i = 0; i < charges.Count; i++)
            {
                Remember(charges[i].Key, result.Values[i]);
            }
        }

        return result;
    }

    public async ValueTask AddAsync(IReadOnlyList<CounterCharge> charges, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _addCalls);
        await inner.AddAsync(charges, cancellationToken);
        foreach (var charge in charges)
        {
            Remember(charge.Key, await inner.GetAsync(charge.Key, cancellationToken));
        }
    }

    public async ValueTask SeedAsync(CounterCharge charge, CancellationToken cancellationToken)
    {
        await inner.SeedAsync(charge, cancellationToken);
        Remember(charge.Key, await inner.GetAsync(charge.Key, cancellationToken));
    }

    public ValueTask<long> GetAsync(string key, CancellationToken cancellationToken) => inner.GetAsync(key, cancellationToken);

    private void Remember(string key, long value) => _highest.AddOrUpdate(key, value, (_, old) => Math.Max(old, value));
}
