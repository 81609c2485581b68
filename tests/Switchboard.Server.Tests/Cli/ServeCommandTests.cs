using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Switchboard.Cli;

using static Switchboard.Server.Tests.Infrastructure.CliRunner;

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
            Switchboard = new { Storage = new { DatabasePath = database }, Server = new { LogFormat = "simple" }, Auth = new { BootstrapKey = Infrastructure.SwitchboardFactory.AdminKey } },
        }));
        var port = FreePort();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var output = new StringWriter();
        using var error = new StringWriter();

        var serve = SwitchboardCli.RunAsync(["serve", "--urls", $"http://127.0.0.1:{port}", "--config", config], TextReader.Null, output, error, cts.Token);

        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Infrastructure.SwitchboardFactory.AdminKey);
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

        // With no model named anywhere, the shipped default (builtin:support) answers from the demo desk, offline.
        using var created = await client.PostAsync("/api/v1/conversations", new StringContent("{}", System.Text.Encoding.UTF8, "application/json"));
        var conversation = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString();
        using var reply = await client.PostAsync(
            $"/api/v1/conversations/{conversation}/messages",
            new StringContent("""{"content":"我的快递到哪了"}""", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, reply.StatusCode);
        var assistant = JsonDocument.Parse(await reply.Content.ReadAsStringAsync()).RootElement.GetProperty("assistant_message");
        Assert.Equal("builtin:support", assistant.GetProperty("model").GetString());
        Assert.Contains("我的订单", assistant.GetProperty("content").GetString());

        await cts.CancelAsync();
        Assert.Equal(0, await serve.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task ConfigFile_OverridesAppSettingsButNotCommandLineArguments()
    {
        var config = Path.Combine(Path.GetTempPath(), "switchboard-serve-tests", Guid.NewGuid().ToString("N") + ".json");
        Directory.CreateDirectory(Path.GetDirectoryName(config)!);
        await File.WriteAllTextAsync(config, """{"Switchboard":{"Chat":{"MaxHistoryMessages":3,"DefaultModel":"openai:gpt-4o"},"Storage":{"DatabasePath":"unused.db"}}}""");

        await using var app = Switchboard.Server.Hosting.SwitchboardApplication.Build(["--Switchboard:Chat:MaxHistoryMessages=7"], config);

        var chat = app.Services.GetRequiredService<Switchboard.Server.Hosting.ChatOptionsSection>();
        Assert.Equal(7, chat.MaxHistoryMessages); // the argument wins over the file
        Assert.Equal("openai:gpt-4o", chat.DefaultModel); // the file wins over appsettings.json
    }

    [Fact]
    public async Task Serve_InvalidConfiguration_ExitsWithTheFieldAndNoStackTrace()
    {
        var config = Path.Combine(Path.GetTempPath(), "switchboard-serve-tests", Guid.NewGuid().ToString("N") + ".json");
        Directory.CreateDirectory(Path.GetDirectoryName(config)!);
        await File.WriteAllTextAsync(config, """{"Switchboard":{"Providers":{"ollama":{"BaseUrl":"nowhere"}}}}""");
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exitCode = await SwitchboardCli.RunAsync(["serve", "--config", config], TextReader.Null, output, error);

        Assert.Equal(2, exitCode);
        Assert.Contains("Switchboard:Providers:ollama:BaseUrl: 'nowhere' is not an absolute http or https URL.", error.ToString());
        Assert.DoesNotContain("   at ", error.ToString());
    }
}
