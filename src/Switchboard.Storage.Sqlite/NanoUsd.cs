namespace Switchboard.Storage.Sqlite;

/// <summary>
/// USD amounts as whole nano-dollars (USD × 10⁹), the form the ledger stores them in so that SQLite sums them exactly.
/// </summary>
internal static class NanoUsd
{
    private const decimal PerUsd = 1_000_000_000m;

    /// <summary>Converts USD to nano-USD, rounding half away from zero.</summary>
    public static long FromUsd(decimal usd) => (long)decimal.Round(usd * PerUsd, 0, MidpointRounding.AwayFromZero);

    /// <summary>Converts nano-USD to USD, exactly.</summary>
    public static decimal ToUsd(long nano) => nano / PerUsd;
}
