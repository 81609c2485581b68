using System.Net;
using Switchboard.Server.Tests.Infrastructure;

namespace Switchboard.Server.Tests.Governance;

/// <summary>With authentication off, every request counts as one anonymous credential against the per-key defaults.</summary>
public sealed class RateLimitWithoutAuthTests : ServerTestBase
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Switchboard:Auth:Enabled"] = "false",
        ["Switchboard:RateLimits:Key:TokensPerMinute"] = "20",
    };

    [Fact]
    public async Task TokensPerMinute_AreChargedToTheAnonymousCaller()
    {
        // Requests were admitted under one credential and their tokens counted under none, so the limit never filled.
        var second = DateTimeOffset.UtcNow.Second;
        if (second >= 50)
        {
            await Task.Delay(TimeSpan.FromSeconds(61 - second));
        }

        using var anonymous = Factory.CreateClientWithKey(null);
        const string Body = """{"model":"mock:gpt-4o-mini","messages":[{"role":"user","content":"Hi"}]}""";
        using var first = await anonymous.PostAsync("/v1/chat/completions", JsonBody(Body));
        using var next = await anonymous.PostAsync("/v1/chat/completions", JsonBody(Body));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, next.StatusCode);
        Assert.Contains("20 tokens per minute", await next.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Single(Upstream.Requests);
    }
}
