namespace Switchboard.Abstractions.Governance;

/// <summary>
/// Atomic counters for rate limits and budgets. The embedded store keeps them in process; a distributed store
/// (Redis, with a script) shares them between nodes. Every operation is atomic over all its charges.
/// </summary>
public interface ICounterStore
{
    /// <summary>
    /// Adds every charge's amount to its counter if, and only if, every counter stays within its limit; otherwise
    /// changes nothing. Concurrent calls never let a counter go over its limit.
    /// </summary>
    ValueTask<CounterResult> TryAddAsync(IReadOnlyList<CounterCharge> charges, CancellationToken cancellationToken);

    /// <summary>Adds every amount unconditionally (used to settle a reservation and to count after the fact).</summary>
    ValueTask AddAsync(IReadOnlyList<CounterCharge> charges, CancellationToken cancellationToken);

    /// <summary>
    /// Creates the charge's counter with its amount when the counter does not exist (or has expired); leaves an
    /// existing counter as it is. Used to start a budget's counter from what the ledger recorded before a restart.
    /// </summary>
    ValueTask SeedAsync(CounterCharge charge, CancellationToken cancellationToken);

    /// <summary>Reads a counter; 0 when it does not exist or has expired.</summary>
    ValueTask<long> GetAsync(string key, CancellationToken cancellationToken);
}
