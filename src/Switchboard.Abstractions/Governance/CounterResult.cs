namespace Switchboard.Abstractions.Governance;

/// <summary>The outcome of <see cref="ICounterStore.TryAddAsync"/>.</summary>
/// <param name="Admitted">Whether every amount was added.</param>
/// <param name="RejectedIndex">The index of the first charge that would have gone over its limit, or -1.</param>
/// <param name="Values">Each counter's value after the call (unchanged ones when not admitted).</param>
public readonly record struct CounterResult(bool Admitted, int RejectedIndex, long[] Values);
