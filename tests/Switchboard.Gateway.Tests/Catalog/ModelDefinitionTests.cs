using Microsoft.Extensions.AI;
using Switchboard.Abstractions.Catalog;
using Switchboard.Abstractions.Chat;

namespace Switchboard.Gateway.Tests.Catalog;

public sealed class ModelDefinitionTests
{
    private static readonly ModelDefinition Cached = new("m", "m", null, 3m, 15m)
    {
        CachedInputPricePerMillion = 0.3m,
        CacheWritePricePerMillion = 3.75m,
    };

    [Fact]
    public void ComputeCost_WithoutCachePrices_ChargesCachedTokensAsInput()
    {
        var model = new ModelDefinition("m", "m", null, 3m, 15m);

        Assert.Equal(model.ComputeCost(1_000, 10), model.ComputeCost(1_000, 10, 800, 100));
        Assert.Equal(3m, model.MaxInputPricePerMillion);
    }

    [Fact]
    public void ComputeCost_CacheCountsAboveTheInput_AreCutToIt()
    {
        // 100 input tokens, of which the provider claims 80 read and 50 written: 80 read, 20 written, none plain.
        Assert.Equal(((80 * 0.3m) + (20 * 3.75m)) / 1_000_000m, Cached.ComputeCost(100, 0, 80, 50));
        Assert.Equal(100 * 0.3m / 1_000_000m, Cached.ComputeCost(100, 0, 500, 0));
        Assert.Equal(100 * 3m / 1_000_000m, Cached.ComputeCost(100, 0, -5, -5));
    }

    [Fact]
    public void ComputeCost_FromUsage_ReadsTheCacheCounts()
    {
        var usage = new UsageDetails { InputTokenCount = 1_000, OutputTokenCount = 10, CachedInputTokenCount = 500 };
        usage.AdditionalCounts = new() { [UsageCounts.CacheWriteInputTokens] = 200 };

        Assert.Equal(Cached.ComputeCost(1_000, 10, 500, 200), Cached.ComputeCost(usage));
        Assert.Equal(0m, Cached.ComputeCost((UsageDetails?)null));
    }

    [Fact]
    public void MaxInputPricePerMillion_IsTheHigherOfInputAndCacheWrite()
    {
        Assert.Equal(3.75m, Cached.MaxInputPricePerMillion);
        Assert.Equal(3m, (Cached with { CacheWritePricePerMillion = 1m }).MaxInputPricePerMillion);
        Assert.Null(new ModelDefinition("m", "m", null, null, null).MaxInputPricePerMillion);
    }

    [Fact]
    public void ComputeCost_Unpriced_IsNull()
    {
        Assert.Null(new ModelDefinition("m", "m", null, null, null).ComputeCost(10, 10, 5, 5));
    }
}
