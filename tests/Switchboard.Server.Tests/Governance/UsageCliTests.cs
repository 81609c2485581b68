using System.Net.Http.Headers;
using System.Text;
using Switchboard.Server.Tests.Infrastructure;

namespace Switchboard.Server.Tests.Governance;

public sealed class UsageCliTests
{
    [Fact]
    public async Task Usage_ByModel_TopConversations_Forecast_AndCsv_AgainstARunningServer()
    {
        await using var server = await KestrelSwitchboard.StartAsync();
        using var client = new HttpClient { BaseAddress = new Uri(server.Address) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", SwitchboardFactory.AdminKey);
        for (var i = 0; i < 3; i++)
        {
            using var response = await client.PostAsync("/v1/chat/completions", new StringContent($$"""{"model":"mock:gpt-4o-mini","messages":[{"role":"user","content":"hello {{i}}"}]}""", Encoding.UTF8, "application/json"));
            response.EnsureSuccessStatusCode();
        }

        await new LedgerProbe(client).WaitAsync(string.Empty, 3);
        string[] connection = ["--url", server.Address, "--api-key", SwitchboardFactory.AdminKey];

        var (code, output, error) = await CliRunner.RunAsync(["usage", "--by", "model", .. connection]);
        Assert.True(code == 0, error);
        var row = output.Split('\n').Single(l => l.StartsWith("mock:gpt-4o-mini", StringComparison.Ordinal));
        Assert.Contains(" 3 ", row, StringComparison.Ordinal);
        Assert.Contains("0.00002655", row, StringComparison.Ordinal); // 3 × (19 × 0.15 + 10 × 0.60) / 1e6
        Assert.Contains(output.Split('\n'), l => l.StartsWith("total", StringComparison.Ordinal));

        (code, output, _) = await CliRunner.RunAsync(["usage", "--forecast", .. connection]);
        Assert.Equal(0, code);
        Assert.Equal(9, output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length); // header, 7 days, total

        var csv = Path.Combine(Path.GetTempPath(), "switchboard-tests", Guid.NewGuid().ToString("N") + ".csv");
        (code, _, error) = await CliRunner.RunAsync(["usage", "--csv", csv, .. connection]);
        Assert.True(code == 0, error);
        var lines = await File.ReadAllLinesAsync(csv);
        Assert.StartsWith("id,timestamp,tenant_id", lines[0], StringComparison.Ordinal);
        Assert.Equal(4, lines.Length);

        (code, _, error) = await CliRunner.RunAsync(["usage", "--by", "nonsense", .. connection]);
        Assert.Equal(1, code);
        Assert.Contains("group_by", error, StringComparison.Ordinal);
    }
}
