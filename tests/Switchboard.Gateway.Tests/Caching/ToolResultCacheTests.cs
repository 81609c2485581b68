using Switchboard.Abstractions.Governance;
using Switchboard.Gateway.Caching;
using Switchboard.Gateway.Tests.Fakes;
using static Switchboard.Gateway.Tests.Caching.CacheFixtures;

namespace Switchboard.Gateway.Tests.Caching;

public sealed class ToolResultCacheTests
{
    private readonly ManualTimeProvider _time = new(Start);
    private readonly ToolResultCache _cache;

    public ToolResultCacheTests() => _cache = new ToolResultCache(1024 * 1024, TimeSpan.FromMinutes(1), _time);

    [Fact]
    public void TryGet_SameToolAndArgumentsInOtherOrder_ReturnsStoredResult()
    {
        _cache.Set("lookup_order", """{"order":"A-17","email":"ann@example.com"}""", """{"status":"shipped"}""");

        Assert.True(_cache.TryGet("lookup_order", """{ "email": "ann@example.com", "order": "A-17" }""", out var result));
        Assert.Equal("""{"status":"shipped"}""", result);
    }

    [Theory]
    [InlineData("lookup_order", """{"order":"A-18","email":"ann@example.com"}""")]
    [InlineData("cancel_order", """{"order":"A-17","email":"ann@example.com"}""")]
    public void TryGet_OtherToolOrArguments_Misses(string tool, string arguments)
    {
        _cache.Set("lookup_order", """{"order":"A-17","email":"ann@example.com"}""", "shipped");

        Assert.False(_cache.TryGet(tool, arguments, out _));
        Assert.Equal(1, _cache.Misses);
    }

    [Fact]
    public void TryGet_OtherTenant_Misses()
    {
        using (ModelCallContext.Push(new ModelCallContext { TenantId = "acme" }))
        {
            _cache.Set("lookup_order", "{}", "shipped");
            Assert.True(_cache.TryGet("lookup_order", "{}", out _));
        }

        using (ModelCallContext.Push(new ModelCallContext { TenantId = "globex" }))
        {
            Assert.False(_cache.TryGet("lookup_order", "{}", out _));
        }
    }

    [Fact]
    public void TryGet_AfterTtl_Misses()
    {
        _cache.Set("lookup_order", "{}", "shipped");

        _time.Advance(TimeSpan.FromSeconds(61));

        Assert.False(_cache.TryGet("lookup_order", "{}", out _));
    }

    [Fact]
    public async Task SetAsync_OwnTimeToLive_ExpiresByItRatherThanTheDefault()
    {
        await _cache.SetAsync("get_weather", """{"location":"Paris"}""", "sunny", TimeSpan.FromSeconds(10), CancellationToken.None);
        await _cache.SetAsync("kb_search", """{"query":"refund"}""", "30 days", timeToLive: null, CancellationToken.None);

        _time.Advance(TimeSpan.FromSeconds(11));

        Assert.Null(await _cache.GetAsync("get_weather", """{"location":"Paris"}""", CancellationToken.None));
        Assert.Equal("30 days", await _cache.GetAsync("kb_search", """{"query":"refund"}""", CancellationToken.None));
        _time.Advance(TimeSpan.FromSeconds(50));
        Assert.Null(await _cache.GetAsync("kb_search", """{"query":"refund"}""", CancellationToken.None));
    }

    [Fact]
    public void TryGet_ArgumentsThatAreNotJson_MatchOnlyTheSameText()
    {
        _cache.Set("search", "not json", "result");

        Assert.True(_cache.TryGet("search", "not json", out _));
        Assert.False(_cache.TryGet("search", "\"not json\"", out _));
    }
}
