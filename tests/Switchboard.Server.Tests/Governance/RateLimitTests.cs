using System.Net;
using Switchboard.Server.Tests.Access;

namespace Switchboard.Server.Tests.Governance;

public sealed class RateLimitTests : AccessTestBase
{
    private const string Body = """{"model":"mock:gpt-4o-mini","messages":[{"role":"user","content":"Hi"}]}""";

    [Fact]
    public async Task ConcurrentClients_GetNoMoreThanTheLimitPerWindow()
    {
        var (_, token) = await CreateKeyAsync(new { name = "thirty", roles = new[] { "service" }, requests_per_minute = 30 });
        await AwayFromAMinuteBoundaryAsync();

        // Ten clients, ten requests each, all at once.
        var clients = Enumerable.Range(0, 10).Select(_ => ClientFor(token)).ToList();
        using var start = new SemaphoreSlim(0);
        var calls = clients.SelectMany(client => Enumerable.Range(0, 10).Select(async _ =>
        {
            await start.WaitAsync();
            using var response = await client.PostAsync("/v1/chat/completions", JsonBody(Body));
            return (response.StatusCode, Remaining: response.Headers.TryGetValues("x-ratelimit-remaining-requests", out var r) ? r.Single() : null, response.Headers.RetryAfter, Body: await response.Content.ReadAsStringAsync());
        })).ToList();
        start.Release(100);
        var results = await Task.WhenAll(calls);

        Assert.Equal(30, results.Count(r => r.StatusCode == HttpStatusCode.OK));
        Assert.Equal(70, results.Count(r => r.StatusCode == HttpStatusCode.TooManyRequests));
        Assert.Equal(30, Upstream.Requests.Count);

        // Each admitted request saw a different count left: 29 down to 0.
        Assert.Equal(Enumerable.Range(0, 30).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).Order(), results.Where(r => r.StatusCode == HttpStatusCode.OK).Select(r => r.Remaining!).Order());
        var refused = results.First(r => r.StatusCode == HttpStatusCode.TooManyRequests);
        Assert.NotNull(refused.RetryAfter?.Delta);
        Assert.Contains("\"rate_limit_exceeded\"", refused.Body, StringComparison.Ordinal);
        Assert.Contains("30 requests per minute", refused.Body, StringComparison.Ordinal);
        Assert.Equal("0", refused.Remaining); // a refused client still learns its limit, and that nothing is left
        foreach (var client in clients)
        {
            client.Dispose();
        }
    }

    [Fact]
    public async Task Headers_DescribeTheTightestLimits()
    {
        var (_, token) = await CreateKeyAsync(new { name = "headers", roles = new[] { "service" }, requests_per_minute = 5, tokens_per_minute = 1000 });
        await AwayFromAMinuteBoundaryAsync();
        using var client = ClientFor(token);
        using var response = await client.PostAsync("/v1/chat/completions", JsonBody(Body));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("5", response.Headers.GetValues("x-ratelimit-limit-requests").Single());
        Assert.Equal("4", response.Headers.GetValues("x-ratelimit-remaining-requests").Single());
        Assert.Equal("1000", response.Headers.GetValues("x-ratelimit-limit-tokens").Single());
        Assert.Equal("1000", response.Headers.GetValues("x-ratelimit-remaining-tokens").Single());
        Assert.EndsWith("s", response.Headers.GetValues("x-ratelimit-reset-requests").Single(), StringComparison.Ordinal);

        // The call used 29 tokens (the fixture's usage): the next request sees them.
        using var second = await client.PostAsync("/v1/chat/completions", JsonBody(Body));
        Assert.Equal("971", second.Headers.GetValues("x-ratelimit-remaining-tokens").Single());
    }

    [Fact]
    public async Task TokensPerMinute_UsedUp_RefusesTheNextRequest()
    {
        var (_, token) = await CreateKeyAsync(new { name = "few tokens", roles = new[] { "service" }, tokens_per_minute = 20 });
        await AwayFromAMinuteBoundaryAsync();
        using var client = ClientFor(token);
        using var first = await client.PostAsync("/v1/chat/completions", JsonBody(Body));
        using var second = await client.PostAsync("/v1/chat/completions", JsonBody(Body));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, second.StatusCode);
        Assert.Contains("20 tokens per minute", await second.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("20", second.Headers.GetValues("x-ratelimit-limit-tokens").Single());
        Assert.Equal("0", second.Headers.GetValues("x-ratelimit-remaining-tokens").Single());
        Assert.EndsWith("s", second.Headers.GetValues("x-ratelimit-reset-tokens").Single(), StringComparison.Ordinal);
        Assert.NotNull(second.Headers.RetryAfter?.Delta);
    }

    private static async Task AwayFromAMinuteBoundaryAsync()
    {
        // Windows are calendar minutes: a burst that straddles one would rightly be counted in two.
        var second = DateTimeOffset.UtcNow.Second;
        if (second >= 50)
        {
            await Task.Delay(TimeSpan.FromSeconds(61 - second));
        }
    }
}
