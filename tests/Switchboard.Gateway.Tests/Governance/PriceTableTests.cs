using Switchboard.Gateway.Catalog;
using Switchboard.Gateway.Governance;
using Switchboard.Gateway.Tests.Catalog;

namespace Switchboard.Gateway.Tests.Governance;

public sealed class PriceTableTests
{
    [Fact]
    public void VersionOf_SamePricesInAnotherOrderOrNotation_IsTheSame()
    {
        var a = PriceTable.VersionOf(Catalog(("gpt-4o", 2.5m, 10m), ("gpt-4o-mini", 0.15m, 0.6m)));
        var b = PriceTable.VersionOf(Catalog(("gpt-4o-mini", 0.150m, 0.60m), ("gpt-4o", 2.50m, 10.0m)));

        Assert.Matches("^[0-9a-f]{12}$", a);
        Assert.Equal(a, b);
    }

    [Fact]
    public void VersionOf_APriceChanges_Changes()
    {
        var before = PriceTable.VersionOf(Catalog(("gpt-4o", 2.5m, 10m)));
        var after = PriceTable.VersionOf(Catalog(("gpt-4o", 2.5m, 12m)));
        var unpriced = PriceTable.VersionOf(Catalog(("gpt-4o", null, null)));

        Assert.NotEqual(before, after);
        Assert.NotEqual(before, unpriced);
    }

    [Fact]
    public void VersionOf_SameCatalog_IsComputedOnce()
    {
        var catalog = Catalog(("gpt-4o", 2.5m, 10m));

        Assert.Same(PriceTable.VersionOf(catalog), PriceTable.VersionOf(catalog));
    }

    private static ModelCatalog Catalog(params (string Id, decimal? In, decimal? Out)[] models)
    {
        var options = new ModelCatalogOptions();
        var provider = CatalogFixtures.Provider();
        foreach (var (id, input, output) in models)
        {
            provider.Models.Add(new ModelOptions { Id = id, InputPricePerMillion = input, OutputPricePerMillion = output });
        }

        options.Providers["openai"] = provider;
        return CatalogFixtures.Build(options);
    }
}
