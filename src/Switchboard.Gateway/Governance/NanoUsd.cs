namespace Switchboard.Gateway.Governance;

/// <summary>
/// Budget counters hold nano-dollars (1 USD = 10^9) in 64-bit integers: exact sums, no rounding drift, room for a
/// billion dollars per counter.
/// </summary>
internal static class NanoUsd
{
    /// <summary>Nano-dollars per dollar.</summary>
    public const long PerUsd = 1_000_000_000;

    // The most dollars a counter can hold; a larger amount is clamped before it is multiplied, or decimal would overflow
    // (above about 7.9e19 dollars) instead of clamping.
    private const decimal MaxUsd = long.MaxValue / (decimal)PerUsd;

    /// <summary>Rounds a cost up to whole nano-dollars, so that a reservation is never smaller than the cost.</summary>
    public static long Ceiling(decimal usd) => usd >= MaxUsd ? long.MaxValue : Clamp(Math.Ceiling(usd * PerUsd));

    /// <summary>Rounds a limit down to whole nano-dollars, so that spend never goes over the configured amount.</summary>
    public static long Floor(decimal usd) => usd >= MaxUsd ? long.MaxValue : Clamp(Math.Floor(usd * PerUsd));

    /// <summary>Converts nano-dollars to dollars.</summary>
    public static decimal ToUsd(long nano) => (decimal)nano / PerUsd;

    private static long Clamp(decimal nano) => nano >= long.MaxValue ? long.MaxValue : nano <= 0 ? 0 : (long)nano;
}
