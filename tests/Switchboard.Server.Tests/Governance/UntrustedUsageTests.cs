using System.Net;
using System.Text;
using Microsoft.AspNetCore.Http;
using Switchboard.Gateway.Governance;
using Switchboard.Providers.OpenAI.Wire;
using Switchboard.Server.Tests.Access;
using Switchboard.Server.Tests.Infrastructure;

namespace Switchboard.Server.Tests.Governance;

/// <summary>An upstream's usage counts are priced only when they are counts: nonsense neither frees a call nor a budget.</summary>
public sealed class UntrustedUsageTests : AccessTestBase
{
    private const string Body = """{"model":"mock:gpt-4o-mini","max_tokens":100,"messages":[{"role":"user","content":"What is the status of my order?"}]}""";

    [Theory]
    [InlineData("-1000000")]
    [InlineData("9000000000000000000")]
    public async Task ANegativeOrAbsurdCompletionCount_IsUnknown_SoTheCallKeepsItsReservation(string completionTokens)
    {
        // The key's budget fits two worst-case reservations. A negative count priced as reported would give each
        // reservation back (the calls would be free and never stop); an absurd one would overflow the counter.
        var request = OpenAIChatRequestReader.Read(Encoding.UTF8.GetBytes(Body));
        var promptTokens = PromptTokenEstimator.EstimateUpperBound(request.Messages, request.Options);
        var budget = 2 * ((promptTokens * 0.15m) + (100 * 0.60m)) / 1_000_000m;
        Upstream.Handler = async context =>
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(
                $$$"""{"id":"chatcmpl-1","object":"chat.completion","created":1,"model":"gpt-4o-mini","choices":[{"index":0,"message":{"role":"assistant","content":"Shipped."},"finish_reason":"stop"}],"usage":{"prompt_tokens":{{{promptTokens}}},"completion_tokens":{{{completionTokens}}},"total_tokens":7}}""");
        };
        var (keyId, token) = await CreateKeyAsync(new { name = "untrusted", roles = new[] { "service" }, budgets = new[] { new { period = "day", limit_usd = budget } } });
        using var client = ClientFor(token);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            using var response = await client.PostAsync("/v1/chat/completions", JsonBody(Body));
            statuses.Add(response.StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.PaymentRequired], statuses);

        // The ledger does not record them as free either: their cost is unknown.
        var totals = await new LedgerProbe(Client).WaitAsync($"key={keyId}", 3);
        Assert.Equal(2, totals.GetProperty("unpriced_requests").GetInt64());
        Assert.Equal(0m, totals.GetProperty("cost_usd").GetDecimal());
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("""{"total_tokens":42}""")]
    [InlineData("""{"prompt_tokens":12}""")]
    public async Task AUsageWithoutBothCounts_IsRecordedAsUnknownNotFree(string usage)
    {
        Upstream.Handler = async context =>
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(
                $$"""{"id":"chatcmpl-1","object":"chat.completion","created":1,"model":"gpt-4o-mini","choices":[{"index":0,"message":{"role":"assistant","content":"Shipped."},"finish_reason":"stop"}],"usage":{{usage}}}""");
        };
        var (keyId, token) = await CreateKeyAsync(new { name = "partial-usage", roles = new[] { "service" } });
        using var client = ClientFor(token);

        using var response = await client.PostAsync("/v1/chat/completions", JsonBody(Body));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var totals = await new LedgerProbe(Client).WaitAsync($"key={keyId}", 1);
        Assert.Equal(1, totals.GetProperty("unpriced_requests").GetInt64());
    }
}
