using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Switchboard.Abstractions.Providers;
using Switchboard.Server.Tests.Infrastructure;

namespace Switchboard.Server.Tests.Hosting;

public sealed class GracefulShutdownTests
{
    [Fact]
    public async Task Shutdown_LetsAnInFlightStreamFinish()
    {
        await using var server = await KestrelSwitchboard.StartAsync();
        var shutdownStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        server.Upstream.Handler = FakeOpenAIUpstream.Sse(
            Fixture.SseEvents("openai/stream_text.sse"),
            beforeEvent: i => i == 2 ? shutdownStarted.Task.WaitAsync(TimeSpan.FromSeconds(20)) : Task.CompletedTask);

        using var client = new HttpClient { BaseAddress = new Uri(server.Address) };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", SwitchboardFactory.AdminKey);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
        {
            Content = new StringContent("""{"model":"mock:gpt-4o-mini","stream":true,"messages":[{"role":"user","content":"Hello"}]}""", Encoding.UTF8, "application/json"),
        };
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        using var parser = new SseParser(await response.Content.ReadAsStreamAsync());
        Assert.NotNull(await parser.NextAsync(CancellationToken.None)); // the request is in flight

        var lifetime = server.Factory.Services.GetRequiredService<IHostApplicationLifetime>();
        lifetime.StopApplication();
        await lifetime.ApplicationStopping.WaitHandle.WaitOneAsync(TimeSpan.FromSeconds(10));
        shutdownStarted.SetResult();

        var rest = new List<SseEvent>();
        while (await parser.NextAsync(CancellationToken.None) is { } e)
        {
            rest.Add(e);
        }

        Assert.Equal("[DONE]", rest[^1].Data);
    }

    [Fact]
    public async Task Shutdown_ACallStillUnwindingAfterTheServerGaveUp_StillHasItsLedgerEntry()
    {
        // The web server waits 1 s for requests, aborts them, waits 1 s more and stops; the ledger stops after it. This
        // provider takes 2.5 s to give up once cancelled, so its call records its entry after the server has stopped.
        await using var server = await KestrelSwitchboard.StartAsync(
            new Dictionary<string, string?>
            {
                ["Switchboard:Server:ShutdownTimeoutSeconds"] = "1",
                ["Switchboard:Providers:stall:Kind"] = "stalling",
                ["Switchboard:Providers:stall:Models:0:Id"] = "m",
            },
            services => services.AddSingleton<IChatProviderFactory, StallingProviderFactory>());

        using var client = new HttpClient { BaseAddress = new Uri(server.Address) };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", SwitchboardFactory.AdminKey);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
        {
            Content = new StringContent("""{"model":"stall:m","stream":true,"messages":[{"role":"user","content":"Hello"}]}""", Encoding.UTF8, "application/json"),
        };
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        using var parser = new SseParser(await response.Content.ReadAsStreamAsync());
        Assert.NotNull(await parser.NextAsync(CancellationToken.None)); // in flight

        var lifetime = server.Factory.Services.GetRequiredService<IHostApplicationLifetime>();
        lifetime.StopApplication();
        await lifetime.ApplicationStopped.WaitHandle.WaitOneAsync(TimeSpan.FromSeconds(30));

        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={server.Factory.DatabasePath}");
        await connection.OpenAsync();
        await using var query = connection.CreateCommand();
        query.CommandText = "SELECT model FROM ledger";
        Assert.Equal("stall:m", await query.ExecuteScalarAsync());
    }
}
