namespace Switchboard.Storage.Sqlite;

/// <summary>
/// USD amounts as whole nano-dollars (USD × 10⁹), the form the ledger stores them in so that SQLite sums them exactly.
/// </summary>
internal static class NanoUsd
{
    private const decimal PerUsd = 1_000_000_000m;

    // The most dollars a column can hold (about 9.2 billion); a larger amount is clamped before it is multiplied.
    private const decimal MaxUsd = long.MaxValue / PerUsd;

    /// <summary>
    /// Converts USD to nano-USD, rounding half away from zero. An amount beyond the column's range (a priced usage no
    /// call could have) is clamped to it rather than failing the write of its whole batch.
    /// </summary>
    public static long FromUsd(decimal usd) =>
        usd >= MaxUsd ? long.MaxValue
        : usd <= -MaxUsd ? long.MinValue
        : (long)decimal.Round(usd * PerUsd, 0, MidpointRounding.AwayFromZero);

    /// <summary>Converts nano-USD to USD, exactly.</summary>
    public static decimal ToUsd(long nano) => nano / PerUsd;
}
