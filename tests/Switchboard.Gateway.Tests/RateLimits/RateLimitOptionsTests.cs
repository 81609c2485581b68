using Switchboard.Gateway.RateLimits;

namespace Switchboard.Gateway.Tests.RateLimits;

public sealed class RateLimitOptionsTests
{
    [Fact]
    public void Constructor_Defaults_AreEnabledWithTheDocumentedKeyLimits()
    {
        var options = new RateLimitOptions();

        Assert.True(options.Enabled);
        Assert.Equal(600, options.Key.RequestsPerMinute);
        Assert.Equal(1_000_000, options.Key.TokensPerMinute);
        Assert.Empty(options.Validate());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    public void Validate_KeyRequestsNotPositive_NamesTheField(int value)
    {
        var options = new RateLimitOptions { Key = new RateLimit { RequestsPerMinute = value } };

        Assert.Equal(["Switchboard:RateLimits:Key:RequestsPerMinute: must be positive."], options.Validate());
    }

    [Fact]
    public void Validate_EveryBadLimit_IsNamedByItsPath()
    {
        var options = new RateLimitOptions { Key = new RateLimit { TokensPerMinute = 0 } };
        options.Tenants["acme"] = new RateLimit { RequestsPerMinute = 0 };
        options.Users[RateLimitOptions.Everyone] = new RateLimit { TokensPerMinute = -1 };
        options.Models["mock:m"] = new RateLimit { RequestsPerMinute = -1, TokensPerMinute = 0 };
        options.Tenants["globex"] = new RateLimit { RequestsPerMinute = 1, TokensPerMinute = 1 };

        Assert.Equal(
            [
                "Switchboard:RateLimits:Key:TokensPerMinute: must be positive.",
                "Switchboard:RateLimits:Tenants:acme:RequestsPerMinute: must be positive.",
                "Switchboard:RateLimits:Users:*:TokensPerMinute: must be positive.",
                "Switchboard:RateLimits:Models:mock:m:RequestsPerMinute: must be positive.",
                "Switchboard:RateLimits:Models:mock:m:TokensPerMinute: must be positive.",
            ],
            options.Validate());
    }

    [Fact]
    public void Validate_NoLimitValues_IsValid()
    {
        var options = new RateLimitOptions { Key = new RateLimit() };
        options.Tenants["acme"] = new RateLimit();

        Assert.Empty(options.Validate());
    }
}
