using Microsoft.Extensions.DependencyInjection;
using Switchboard.Gateway.Caching;

namespace Switchboard.Gateway.Tests.Caching;

public sealed class ResponseCacheServiceCollectionExtensionsTests
{
    [Fact]
    public void AddResponseCache_RegistersOptionsAndMemoryCacheOnce()
    {
        var options = new ResponseCacheOptions();
        var services = new ServiceCollection();

        services.AddResponseCache(options).AddResponseCache(new ResponseCacheOptions());

        var registered = Assert.Single(services, d => d.ServiceType == typeof(ResponseCacheOptions));
        Assert.Same(options, registered.ImplementationInstance);
        var cache = Assert.Single(services, d => d.ServiceType == typeof(IResponseCache));
        Assert.Equal(ServiceLifetime.Singleton, cache.Lifetime);
        Assert.IsType<MemoryResponseCache>(cache.ImplementationFactory!(new Fakes.TestServices()));
    }

    [Fact]
    public void AddResponseCache_InvalidOptions_ThrowsNamingTheField()
    {
        var error = Assert.Throws<ArgumentException>(() => new ServiceCollection().AddResponseCache(new ResponseCacheOptions { TtlSeconds = -5 }));

        Assert.Contains("Switchboard:Cache:TtlSeconds", error.Message);
    }
}
