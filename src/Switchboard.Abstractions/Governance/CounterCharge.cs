namespace Switchboard.Abstractions.Governance;

/// <summary>An amount to add to one counter of an <see cref="ICounterStore"/>.</summary>
/// <param name="Key">The counter's key; it names the window (e.g. <c>rl:req:key_1:29412345</c>).</param>
/// <param name="Amount">The amount to add; negative to give back.</param>
/// <param name="Limit">The most the counter may hold after the addition; ignored by unconditional additions.</param>
/// <param name="ExpiresAt">When the counter may be forgotten (the end of its window).</param>
public readonly record struct CounterCharge(string Key, long Amount, long Limit, DateTimeOffset ExpiresAt);
