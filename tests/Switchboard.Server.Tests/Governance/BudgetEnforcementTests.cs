using System.Net;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Switchboard.Gateway.Governance;
using Switchboard.Providers.OpenAI.Wire;
using Switchboard.Server.Tests.Access;
using Switchboard.Server.Tests.Infrastructure;

namespace Switchboard.Server.Tests.Governance;

public sealed class BudgetEnforcementTests : AccessTestBase
{
    private const string Body = """{"model":"mock:gpt-4o-mini","max_tokens":100,"messages":[{"role":"user","content":"What is the status of my order?"}]}""";

    [Fact]
    public async Task TwoHundredConcurrentRequests_AtABudgetThatFitsFifty_AdmitFiftyAndOverspendNothing()
    {
        // The reservation of one request, computed the way the server does: a true upper bound of the prompt tokens
        // plus max_tokens, at mock:gpt-4o-mini's prices ($0.15 and $0.60 per million). Upstream then reports exactly
        // that usage, so nothing is given back and exactly fifty fit.
        var request = OpenAIChatRequestReader.Read(Encoding.UTF8.GetBytes(Body));
        var promptTokens = PromptTokenEstimator.EstimateUpperBound(request.Messages, request.Options);
        var perRequest = ((promptTokens * 0.15m) + (100 * 0.60m)) / 1_000_000m;
        var budget = perRequest * 50;
        Upstream.Handler = async context =>
        {
            await Task.Delay(20);
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(
                $$$"""{"id":"chatcmpl-1","object":"chat.completion","created":1,"model":"gpt-4o-mini","choices":[{"index":0,"message":{"role":"assistant","content":"Shipped."},"finish_reason":"stop"}],"usage":{"prompt_tokens":{{{promptTokens}}},"completion_tokens":100,"total_tokens":{{{promptTokens + 100}}}}}""");
        };
        var (keyId, token) = await CreateKeyAsync(new { name = "fifty", roles = new[] { "service" }, budgets = new[] { new { period = "day", limit_usd = budget } } });
        using var client = ClientFor(token);

        using var start = new SemaphoreSlim(0);
        var calls = Enumerable.Range(0, 200).Select(async _ =>
        {
            await start.WaitAsync();
            using var response = await client.PostAsync("/v1/chat/completions", JsonBody(Body));
            return (response.StatusCode, Body: await response.Content.ReadAsStringAsync(), RetryAfter: response.Headers.RetryAfter);
        }).ToList();
        start.Release(200);
        var results = await Task.WhenAll(calls);

        Assert.Equal(50, results.Count(r => r.StatusCode == HttpStatusCode.OK));
        var refused = results.Where(r => r.StatusCode != HttpStatusCode.OK).ToList();
        Assert.Equal(150, refused.Count);
        Assert.All(refused, r =>
        {
            Assert.Equal(HttpStatusCode.PaymentRequired, r.StatusCode);
            Assert.Contains("\"insufficient_quota\"", r.Body, StringComparison.Ordinal);
            Assert.Contains("\"budget_exceeded\"", r.Body, StringComparison.Ordinal);
            Assert.Contains("daily budget", r.Body, StringComparison.Ordinal);
            Assert.NotNull(r.RetryAfter);
        });
        Assert.Equal(50, Upstream.Requests.Count);

        // The ledger agrees: fifty priced calls whose cost is the budget to the nano-dollar, never more.
        var totals = await new LedgerProbe(Client).WaitAsync($"key={keyId}", 200);
        var spent = totals.GetProperty("cost_usd").GetDecimal();
        Assert.True(spent <= budget, $"spent {spent} of {budget}");
        Assert.Equal(budget, spent);
        Assert.Equal(150, totals.GetProperty("errors").GetInt64());
    }

    [Fact]
    public async Task ADailyBudgetSpentBeforeARestart_StaysSpentAfterIt()
    {
        // Each call reports exactly its reservation as usage; the tenant's daily budget fits two of them.
        var request = OpenAIChatRequestReader.Read(Encoding.UTF8.GetBytes(Body));
        var promptTokens = PromptTokenEstimator.EstimateUpperBound(request.Messages, request.Options);
        var budget = 2 * ((promptTokens * 0.15m) + (100 * 0.60m)) / 1_000_000m;
        await using var upstream = await FakeOpenAIUpstream.StartAsync();
        upstream.Handler = async context =>
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(
                $$$"""{"id":"chatcmpl-1","object":"chat.completion","created":1,"model":"gpt-4o-mini","choices":[{"index":0,"message":{"role":"assistant","content":"Shipped."},"finish_reason":"stop"}],"usage":{"prompt_tokens":{{{promptTokens}}},"completion_tokens":100,"total_tokens":{{{promptTokens + 100}}}}}""");
        };
        var settings = new Dictionary<string, string?>
        {
            ["Switchboard:Budgets:Tenants:*:0:Period"] = "Day",
            ["Switchboard:Budgets:Tenants:*:0:LimitUsd"] = budget.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };

        string databasePath;
        await using (var first = new SwitchboardFactory(upstream, settings: settings))
        {
            databasePath = first.DatabasePath;
            using var client = first.CreateClient();
            for (var i = 0; i < 2; i++)
            {
                using var admitted = await client.PostAsync("/v1/chat/completions", JsonBody(Body));
                Assert.Equal(HttpStatusCode.OK, admitted.StatusCode);
            }
        }

        // A new process on the same database: the ledger says the day's budget is used up.
        await using var second = new SwitchboardFactory(upstream, databasePath, settings);
        using var again = second.CreateClient();
        using var refused = await again.PostAsync("/v1/chat/completions", JsonBody(Body));

        Assert.Equal(HttpStatusCode.PaymentRequired, refused.StatusCode);
        Assert.Contains("\"budget_exceeded\"", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(2, upstream.Requests.Count);
    }

    [Fact]
    public async Task LedgerUnreadableForABudget_RefusesWith503UntilItCanBeRead()
    {
        var spend = new UnreadableSpendSource();
        await using var upstream = await FakeOpenAIUpstream.StartAsync();
        await using var factory = new SwitchboardFactory(
            upstream,
            settings: new Dictionary<string, string?>
            {
                ["Switchboard:Budgets:Tenants:*:0:Period"] = "Day",
                ["Switchboard:Budgets:Tenants:*:0:LimitUsd"] = "10",
            },
            services: services => services.AddSingleton<Abstractions.Governance.IBudgetSpendSource>(spend));
        using var client = factory.CreateClient();

        using var refused = await client.PostAsync("/v1/chat/completions", JsonBody(Body));
        spend.Readable = true;
        using var admitted = await client.PostAsync("/v1/chat/completions", JsonBody(Body));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Equal("1", refused.Headers.GetValues("Retry-After").Single());
        var error = System.Text.Json.JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement.GetProperty("error");
        Assert.Equal("budget_unavailable", error.GetProperty("code").GetString());
        Assert.Equal("server_error", error.GetProperty("type").GetString());
        Assert.Contains("could not be read from the ledger", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, admitted.StatusCode);
        Assert.Single(upstream.Requests);
    }

    [Fact]
    public async Task PerRequestMaximum_RefusesAnExpensiveRequestBeforeTheCall()
    {
        var (_, token) = await CreateKeyAsync(new { name = "cheap only", roles = new[] { "service" }, max_cost_per_request_usd = 0.0000001m });
        using var client = ClientFor(token);
        using var response = await client.PostAsync("/v1/chat/completions", JsonBody(Body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("request_cost_limit_exceeded", (await JsonOf(response)).GetProperty("error").GetProperty("code").GetString());
        Assert.Empty(Upstream.Requests);
    }
}
