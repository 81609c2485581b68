using Switchboard.Gateway.Caching;

namespace Switchboard.Gateway.Tests.Caching;

public sealed class ResponseCacheOptionsTests
{
    [Fact]
    public void Defaults_AreDocumentedValuesAndValid()
    {
        var options = new ResponseCacheOptions();

        Assert.True(options.Enabled);
        Assert.Equal(300, options.TtlSeconds);
        Assert.Equal(64L * 1024 * 1024, options.MaxBytes);
        Assert.Equal(1024L * 1024, options.MaxEntryBytes);
        Assert.False(options.CacheNonDeterministic);
        Assert.Empty(options.Validate());
    }

    [Fact]
    public void Validate_InvalidFields_NamesEachOne()
    {
        var options = new ResponseCacheOptions { TtlSeconds = 0, MaxBytes = -1, MaxEntryBytes = 0 };

        Assert.Equal(
            [
                "Switchboard:Cache:TtlSeconds: must be positive.",
                "Switchboard:Cache:MaxBytes: must be positive.",
                "Switchboard:Cache:MaxEntryBytes: must be positive.",
            ],
            options.Validate());
    }

    [Fact]
    public void Validate_EntryBoundAboveCacheBound_IsAProblem()
    {
        var options = new ResponseCacheOptions { MaxBytes = 1000, MaxEntryBytes = 2000 };

        Assert.Equal("Switchboard:Cache:MaxEntryBytes: must not exceed Switchboard:Cache:MaxBytes.", Assert.Single(options.Validate()));
    }
}
