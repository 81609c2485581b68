using System.Net;
using Switchboard.Server.Tests.Access;
using Switchboard.Server.Tests.Infrastructure;

namespace Switchboard.Server.Tests.Governance;

public sealed class CacheAndLedgerTests : AccessTestBase
{
    private const string Deterministic = """{"model":"mock:gpt-4o-mini","temperature":0,"messages":[{"role":"user","content":"Where is my parcel?"}]}""";

    [Fact]
    public async Task IdenticalDeterministicRequests_HitTheCache_AndTheLedgerTalliesTheSaving()
    {
        var (keyId, token) = await CreateKeyAsync(new { name = "cached", roles = new[] { "service" } });
        using var client = ClientFor(token);
        using var first = await client.PostAsync("/v1/chat/completions", JsonBody(Deterministic));
        using var second = await client.PostAsync("/v1/chat/completions", JsonBody(Deterministic));

        Assert.Equal("miss", first.Headers.GetValues("x-switchboard-cache").Single());
        Assert.Equal("hit", second.Headers.GetValues("x-switchboard-cache").Single());
        Assert.Single(Upstream.Requests);
        Assert.Equal(
            (await ReadJsonAsync(first)).GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString(),
            (await ReadJsonAsync(second)).GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString());

        // The fixture's usage is 19 prompt and 10 completion tokens: (19 × 0.15 + 10 × 0.60) / 1e6 USD per call.
        var cost = ((19 * 0.15m) + (10 * 0.60m)) / 1_000_000m;
        var totals = await new LedgerProbe(Client).WaitAsync($"key={keyId}", 2);
        Assert.Equal(cost, totals.GetProperty("cost_usd").GetDecimal());
        Assert.Equal(cost, totals.GetProperty("saved_usd").GetDecimal());
        Assert.Equal(1, totals.GetProperty("cache_hits").GetInt64());
    }

    [Fact]
    public async Task CachedAnswer_IsReplayedAsAStream()
    {
        using (await Client.PostAsync("/v1/chat/completions", JsonBody(Deterministic))) { }
        var streaming = Deterministic.Replace("\"temperature\":0,", "\"temperature\":0,\"stream\":true,", StringComparison.Ordinal);
        using var response = await Client.PostAsync("/v1/chat/completions", JsonBody(streaming));

        Assert.Equal("hit", response.Headers.GetValues("x-switchboard-cache").Single());
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains("data: [DONE]", text, StringComparison.Ordinal);
        Assert.Contains("\"finish_reason\":\"stop\"", text, StringComparison.Ordinal);
        Assert.Single(Upstream.Requests);
    }

    [Theory]
    [InlineData("no-store")]
    [InlineData("no-cache")]
    public async Task CacheControlHeaders_Bypass(string directive)
    {
        using (await Client.PostAsync("/v1/chat/completions", JsonBody(Deterministic))) { }
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions") { Content = JsonBody(Deterministic) };
        request.Headers.TryAddWithoutValidation("Cache-Control", directive);
        using var response = await Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("bypass", response.Headers.GetValues("x-switchboard-cache").Single());
        Assert.Equal(2, Upstream.Requests.Count);
    }

    [Fact]
    public async Task NonDeterministicRequests_AreNotCached()
    {
        const string body = """{"model":"mock:gpt-4o-mini","temperature":0.7,"messages":[{"role":"user","content":"Tell me a joke"}]}""";
        using (await Client.PostAsync("/v1/chat/completions", JsonBody(body))) { }
        using (await Client.PostAsync("/v1/chat/completions", JsonBody(body))) { }
        Assert.Equal(2, Upstream.Requests.Count);
    }

    [Fact]
    public async Task UsageReport_RowsAddUpToTheTotals_ForEveryGrouping()
    {
        var (_, a) = await CreateKeyAsync(new { name = "a", roles = new[] { "service" }, user = "ann" });
        var (_, b) = await CreateKeyAsync(new { name = "b", roles = new[] { "service" }, user = "ben" });
        foreach (var (token, count) in new[] { (a, 3), (b, 2) })
        {
            using var client = ClientFor(token);
            for (var i = 0; i < count; i++)
            {
                using var response = await client.PostAsync("/v1/chat/completions", JsonBody($$"""{"model":"mock:gpt-4o-mini","messages":[{"role":"user","content":"call {{i}}"}]}"""));
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }
        }

        var totals = await new LedgerProbe(Client).WaitAsync(string.Empty, 5);
        Assert.Equal(5 * (((19 * 0.15m) + (10 * 0.60m)) / 1_000_000m), totals.GetProperty("cost_usd").GetDecimal());
        foreach (var grouping in new[] { "day", "key", "user", "model", "provider", "agent", "conversation", "tenant", "route", "team" })
        {
            var report = await JsonOf(await Client.GetAsync($"/api/v1/usage?group_by={grouping}"));
            Assert.Equal(grouping, report.GetProperty("group_by").GetString());
            var rows = report.GetProperty("data").EnumerateArray().ToList();
            Assert.Equal(report.GetProperty("totals").GetProperty("cost_usd").GetDecimal(), rows.Sum(r => r.GetProperty("cost_usd").GetDecimal()));
            Assert.Equal(report.GetProperty("totals").GetProperty("requests").GetInt64(), rows.Sum(r => r.GetProperty("requests").GetInt64()));
        }

        var byUser = await JsonOf(await Client.GetAsync("/api/v1/usage?group_by=user"));
        Assert.Equal(3, byUser.GetProperty("data").EnumerateArray().Single(r => r.GetProperty("group").GetString() == "ann").GetProperty("requests").GetInt64());
        Assert.Equal(2, byUser.GetProperty("data").EnumerateArray().Single(r => r.GetProperty("group").GetString() == "ben").GetProperty("requests").GetInt64());

        using var csv = await Client.GetAsync("/api/v1/usage/export");
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        var lines = (await csv.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(6, lines.Length);
        Assert.Single(await AuditAsync("action=usage.export"));

        using var forecast = await Client.GetAsync("/api/v1/usage/forecast");
        Assert.Equal(7, (await JsonOf(forecast)).GetProperty("days").GetArrayLength());
    }

    [Fact]
    public async Task UsageReport_WithALimit_SumsTheLeftOutGroupsAsOthers()
    {
        var counts = new Dictionary<string, int> { ["ann"] = 3, ["ben"] = 2, ["cy"] = 1 };
        foreach (var (user, count) in counts)
        {
            using var client = ClientFor((await CreateKeyAsync(new { name = user, roles = new[] { "service" }, user })).Token);
            for (var i = 0; i < count; i++)
            {
                using var response = await client.PostAsync("/v1/chat/completions", JsonBody($$"""{"model":"mock:gpt-4o-mini","messages":[{"role":"user","content":"call {{i}}"}]}"""));
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }
        }

        await new LedgerProbe(Client).WaitAsync(string.Empty, 6);
        var report = await JsonOf(await Client.GetAsync("/api/v1/usage?group_by=user&limit=1"));
        var row = Assert.Single(report.GetProperty("data").EnumerateArray());
        Assert.Equal("ann", row.GetProperty("group").GetString());
        Assert.True(report.GetProperty("has_more").GetBoolean());
        var others = report.GetProperty("others");
        Assert.Equal(3, others.GetProperty("requests").GetInt64());
        Assert.Equal(6, report.GetProperty("totals").GetProperty("requests").GetInt64());
        Assert.Equal(
            report.GetProperty("totals").GetProperty("cost_usd").GetDecimal(),
            row.GetProperty("cost_usd").GetDecimal() + others.GetProperty("cost_usd").GetDecimal());

        var all = await JsonOf(await Client.GetAsync("/api/v1/usage?group_by=user"));
        Assert.False(all.GetProperty("has_more").GetBoolean());
        Assert.Equal(3, all.GetProperty("data").GetArrayLength());

        foreach (var limit in new[] { "0", "10001" })
        {
            using var bad = await Client.GetAsync($"/api/v1/usage?limit={limit}");
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        }
    }

    [Fact]
    public async Task Usage_IsScopedToTheCallersTenant_AndClosedToUsers()
    {
        using (await Client.PostAsync("/v1/chat/completions", JsonBody("""{"model":"mock:gpt-4o-mini","messages":[{"role":"user","content":"x"}]}"""))) { }
        await new LedgerProbe(Client).WaitAsync(string.Empty, 1);
        var (_, globex) = await CreateKeyAsync(new { name = "globex admin", tenant = "globex", roles = new[] { "admin" } });
        var (_, user) = await CreateKeyAsync(new { name = "u", roles = new[] { "user" } });
        using var globexClient = ClientFor(globex);
        using var userClient = ClientFor(user);

        // Another tenant's usage is refused, not answered with the caller's own under the other's name.
        foreach (var path in new[] { "/api/v1/usage?tenant=default", "/api/v1/usage/export?tenant=default", "/api/v1/usage/forecast?tenant=default" })
        {
            using var refused = await globexClient.GetAsync(path);
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        }

        var report = await JsonOf(await globexClient.GetAsync("/api/v1/usage?tenant=globex"));
        Assert.Equal("globex", report.GetProperty("tenant").GetString());
        Assert.Equal(0, report.GetProperty("totals").GetProperty("requests").GetInt64());
        Assert.Equal(HttpStatusCode.Forbidden, (await userClient.GetAsync("/api/v1/usage")).StatusCode);
    }

    [Theory]
    [InlineData("/api/v1/usage?tenant=")]
    [InlineData("/api/v1/usage/top-conversations?tenant=")]
    [InlineData("/api/v1/usage/forecast?tenant=")]
    [InlineData("/api/v1/usage/export?tenant=")]
    public async Task Usage_WithAnEmptyTenant_Is400NamingTheField(string url)
    {
        using var response = await Client.GetAsync(url);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await JsonOf(response);
        Assert.True(problem.GetProperty("errors").TryGetProperty("tenant", out _), problem.GetRawText());
    }

    [Fact]
    public async Task UsageExport_NamesItsFile_WhateverTheTenantIsCalled()
    {
        // A tenant comes from a JWT claim as any text, so the file name may need more than a header's ASCII.
        const string tenant = "\u00e9\u4e2d \"q\"\n;x";
        using var csv = await Client.GetAsync("/api/v1/usage/export?tenant=" + Uri.EscapeDataString(tenant));
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        var disposition = csv.Content.Headers.ContentDisposition;
        Assert.NotNull(disposition);
        Assert.Equal("attachment", disposition.DispositionType);
        Assert.Equal($"usage-{tenant}.csv", disposition.FileNameStar);
        Assert.All(disposition.FileName!, c => Assert.InRange(c, ' ', '~'));
        Assert.StartsWith("id,", await csv.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
