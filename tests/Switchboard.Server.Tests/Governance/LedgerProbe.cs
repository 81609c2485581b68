using System.Net;
using System.Text.Json;

namespace Switchboard.Server.Tests.Governance;

/// <summary>Polls the usage report until the background ledger writer has caught up with the expected calls.</summary>
internal sealed class LedgerProbe(HttpClient admin)
{
    public async Task<JsonElement> WaitAsync(string query, long requests)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            using var response = await admin.GetAsync($"/api/v1/usage?{query}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var totals = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("totals").Clone();
            var seen = totals.GetProperty("requests").GetInt64();
            if (seen >= requests || DateTime.UtcNow > deadline)
            {
                Assert.Equal(requests, seen);
                return totals;
            }

            await Task.Delay(100);
        }
    }
}
