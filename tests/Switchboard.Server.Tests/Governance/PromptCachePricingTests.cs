using System.Net;
using Switchboard.Server.Tests.Access;
using Switchboard.Server.Tests.Infrastructure;

namespace Switchboard.Server.Tests.Governance;

/// <summary>Input tokens read from or written to a provider's prompt cache are charged at the model's cache prices.</summary>
public sealed class PromptCachePricingTests : AccessTestBase
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Switchboard:Providers:claude:Models:0:InputPricePerMillion"] = "3",
        ["Switchboard:Providers:claude:Models:0:OutputPricePerMillion"] = "15",
        ["Switchboard:Providers:claude:Models:0:CachedInputPricePerMillion"] = "0.30",
        ["Switchboard:Providers:claude:Models:0:CacheWritePricePerMillion"] = "3.75",
    };

    [Fact]
    public async Task AnthropicCacheReadsAndWrites_AreChargedAtTheirOwnPrices()
    {
        Upstream.Handler = FakeOpenAIUpstream.Json("""
            {"id":"msg_1","type":"message","role":"assistant","model":"claude-3-5-sonnet-20241022",
             "content":[{"type":"text","text":"Your order ships today."}],"stop_reason":"end_turn","stop_sequence":null,
             "usage":{"input_tokens":100,"cache_creation_input_tokens":1000,"cache_read_input_tokens":2000,"output_tokens":50}}
            """);
        var (keyId, token) = await CreateKeyAsync(new { name = "cache-priced", roles = new[] { "service" } });
        using var client = ClientFor(token);

        using var response = await client.PostAsync("/v1/chat/completions", JsonBody("""{"model":"claude:sonnet","messages":[{"role":"user","content":"Where is my order?"}]}"""));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var usage = (await ReadJsonAsync(response)).GetProperty("usage");
        Assert.Equal(3100, usage.GetProperty("prompt_tokens").GetInt32());
        Assert.Equal(2000, usage.GetProperty("prompt_tokens_details").GetProperty("cached_tokens").GetInt32());

        // 100 plain × 3 + 2,000 read × 0.30 + 1,000 written × 3.75 + 50 out × 15, per million: not 3,100 × 3 + 50 × 15.
        var totals = await new LedgerProbe(Client).WaitAsync($"key={keyId}", 1);
        Assert.Equal(0.0054m, totals.GetProperty("cost_usd").GetDecimal());
    }

    [Fact]
    public async Task ModelList_ShowsTheCachePrices()
    {
        var models = await ReadJsonAsync(await Client.GetAsync("/v1/models"));

        var sonnet = models.GetProperty("data").EnumerateArray().Single(m => m.GetProperty("id").GetString() == "claude:sonnet");
        var pricing = sonnet.GetProperty("pricing");
        Assert.Equal(3m, pricing.GetProperty("input_per_million").GetDecimal());
        Assert.Equal(0.30m, pricing.GetProperty("cached_input_per_million").GetDecimal());
        Assert.Equal(3.75m, pricing.GetProperty("cache_write_per_million").GetDecimal());

        var mini = models.GetProperty("data").EnumerateArray().Single(m => m.GetProperty("id").GetString() == "mock:gpt-4o-mini");
        Assert.False(mini.GetProperty("pricing").TryGetProperty("cached_input_per_million", out _));
    }
}
