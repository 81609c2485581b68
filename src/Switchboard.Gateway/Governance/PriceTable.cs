using System.Globalization;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using Switchboard.Abstractions.Catalog;

namespace Switchboard.Gateway.Governance;

/// <summary>
/// Names the version of a catalog's prices, so that a ledger entry says which price table its cost came from: the
/// first 12 hex characters of the SHA-256 of the sorted lines <c>provider:model=input/output</c> (USD per million
/// tokens, <c>?</c> for an unknown price), followed by <c> cached=read write=write</c> for a model with prompt-cache
/// prices. Equal prices give equal versions, whatever the order of configuration.
/// </summary>
public static class PriceTable
{
    private static readonly ConditionalWeakTable<IModelCatalog, string> s_versions = [];

    /// <summary>Returns the price-table version of <paramref name="catalog"/>, computed once per catalog instance.</summary>
    public static string VersionOf(IModelCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return s_versions.GetValue(catalog, Compute);
    }

    private static string Compute(IModelCatalog catalog)
    {
        var lines = catalog.Models
            .Select(m => $"{m.CanonicalName}={Format(m.Model.InputPricePerMillion)}/{Format(m.Model.OutputPricePerMillion)}{CachePrices(m.Model)}")
            .Order(StringComparer.Ordinal);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', lines)));
        return Convert.ToHexStringLower(hash)[..12];
    }

    // Only when set, so that the versions of price tables without cache prices stay what they were.
    private static string CachePrices(ModelDefinition model) =>
        model.CachedInputPricePerMillion is null && model.CacheWritePricePerMillion is null
            ? string.Empty
            : $" cached={Format(model.CachedInputPricePerMillion)} write={Format(model.CacheWritePricePerMillion)}";

    // G29 drops trailing zeros, so 2.50 and 2.5 are the same price.
    private static string Format(decimal? price) => price?.ToString("G29", CultureInfo.InvariantCulture) ?? "?";
}
