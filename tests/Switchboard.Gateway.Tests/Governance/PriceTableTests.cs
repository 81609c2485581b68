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
    public void VersionOf_ACachePriceIsSetOrChanges_Changes()
    {
        static ModelCatalog With(decimal? cached, decimal? write)
        {
            var options = new ModelCatalogOptions();
            var provider = CatalogFixtures.Provider();
            provider.Models.Add(new ModelOptions
            {
                Id = "claude",
                InputPricePerMillion = 3m,
                OutputPricePerMillion = 15m,
                CachedInputPricePerMillion = cached,
                CacheWritePricePerMillion = write,
            });
            options.Providers["openai"] = provider;
            return CatalogFixtures.Build(options);
        }

        var versions = new[]
        {
            PriceTable.VersionOf(With(null, null)),
            PriceTable.VersionOf(With(0.3m, null)),
            PriceTable.VersionOf(With(0.3m, 3.75m)),
            PriceTable.VersionOf(With(null, 3.75m)),
            PriceTable.VersionOf(With(0.30m, 3.750m)),
        };

        Assert.Equal(4, versions.Take(4).Distinct().Count());
        Assert.Equal(versions[2], versions[4]);
        Assert.Equal(PriceTable.VersionOf(Catalog(("claude", 3m, 15m))), versions[0]);
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
