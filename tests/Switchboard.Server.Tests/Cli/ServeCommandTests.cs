using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Switchboard.Cli;

namespace Switchboard.Server.Tests.Cli;

public sealed class ServeCommandTests
{
    [Fact]
    public async Task Serve_RunsTheServerUntilCancelled()
    {
        var directory = Path.Combine(Path.GetTempPath(), "switchboard-serve-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var config = Path.Combine(directory, "switchboard.json");
        var database = Path.Combine(directory, "db", "serve.db");
        await File.WriteAllTextAsync(config, JsonSerializer.Serialize(new
        {
            Switchboard = new { Storage = new { DatabasePath = database }, Server = new { LogFormat = "simple" } },
        }));
        var port = FreePort();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var output = new StringWriter();
        using var error = new StringWriter();

        var serve = SwitchboardCli.RunAsync(["serve", "--urls", $"http://127.0.0.1:{port}", "--config", config], TextReader.Null, output, error, cts.Token);

        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        HttpResponseMessage? ready = null;
        for (var attempt = 0; attempt < 100 && ready is null && !serve.IsCompleted; attempt++)
        {
            try
            {
                ready = await client.GetAsync("/ready");
            }
            catch (HttpRequestException)
            {
                await Task.Delay(100);
            }
        }

        Assert.NotNull(ready);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.True(File.Exists(database), "serve used the --config file's database path");
        using var models = await client.GetAsync("/v1/models");
        Assert.Contains("openai:gpt-4o-mini", await models.Content.ReadAsStringAsync()); // the shipped defaults

        await cts.CancelAsync();
        Assert.Equal(0, await serve.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
