using System.Collections.Concurrent;
using System.CommandLine;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Switchboard.Cli;
using Switchboard.Cli.Commands;
using Switchboard.Server.Tests.Infrastructure;

using static Switchboard.Server.Tests.Infrastructure.CliRunner;

namespace Switchboard.Server.Tests.Cli;

/// <summary>
/// What the <c>switchboard</c> command does when things go wrong around it: a mistyped address, a proxy's error page,
/// a server that goes away mid-answer, a failed agent run, a path it cannot write. Each ends in one line and exit 1.
/// </summary>
public sealed class CliFailureTests : IAsyncLifetime
{
    private readonly ConcurrentQueue<(string Path, string Body)> _requests = new();
    private WebApplication _app = null!;
    private string _address = null!;

    /// <summary>Gets or sets how the odd server answers every request.</summary>
    private Func<HttpContext, Task> Answer { get; set; } = _ => Task.CompletedTask;

    public async Task InitializeAsync()
    {
        _app = LoopbackApp.Create();
        _app.Run(async context =>
        {
            using var reader = new StreamReader(context.Request.Body);
            _requests.Enqueue((context.Request.Path + context.Request.QueryString, await reader.ReadToEndAsync()));
            await Answer(context);
        });
        _address = await LoopbackApp.StartAsync(_app);
    }

    public async Task DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    [Theory]
    [InlineData("127.0.0.1:8080")]
    [InlineData("localhost:8080")]
    [InlineData("ftp://127.0.0.1/")]
    [InlineData("not a url")]
    public async Task NetworkCommands_AMalformedUrl_IsNamed(string url)
    {
        foreach (var args in new[] { new[] { "models" }, ["chat", "--message", "hi"], ["keys", "list"], ["usage"] })
        {
            var (exitCode, _, error) = await RunAsync([.. args, "--url", url]);

            Assert.Equal(1, exitCode);
            Assert.Contains($"error: invalid --url '{url}'", error);
            Assert.DoesNotContain("   at ", error);
        }
    }

    [Fact]
    public async Task Models_AProxysPlainStringError_IsPrinted()
    {
        Answer = context => Reply(context, 401, "application/json", """{"error":"Unauthorized"}""");

        var (exitCode, _, error) = await RunAsync(["models", "--url", _address]);

        Assert.Equal(1, exitCode);
        Assert.Equal("error: HTTP 401: Unauthorized", error.Trim());
    }

    [Theory]
    [InlineData("[1,2]")]
    [InlineData("\"busy\"")]
    [InlineData("""{"error":{"code":7}}""")]
    public async Task Keys_AnErrorBodyOfAnotherShape_IsPrintedAsItIs(string body)
    {
        Answer = context => Reply(context, 503, "application/json", body);

        var (exitCode, _, error) = await RunAsync(["keys", "list", "--url", _address]);

        Assert.Equal(1, exitCode);
        Assert.Equal($"error: HTTP 503: {body}", error.Trim());
    }

    [Fact]
    public async Task Models_AWebPageAnsweredWith200_IsAnUnexpectedAnswer()
    {
        Answer = context => Reply(context, 200, "text/html", "<!doctype html><html><body>app</body></html>");

        var (exitCode, _, error) = await RunAsync(["models", "--url", _address]);

        Assert.Equal(1, exitCode);
        Assert.StartsWith($"error: unexpected answer from {_address}/; is it a Switchboard server?", error);
        Assert.DoesNotContain("   at ", error);
    }

    [Fact]
    public async Task Chat_TheServerGoesAwayMidAnswer_SaysTheConnectionWasLost()
    {
        Answer = ChatStream(async context =>
        {
            await context.Response.WriteAsync("event: message.delta\ndata: {\"content\":\"Hel\"}\n\n");
            await context.Response.Body.FlushAsync();

            // Time for the delta to be read: an abort resets the connection, and a reset drops what is still unread.
            await Task.Delay(500);
            context.Abort();
        });

        var (exitCode, output, error) = await RunAsync(["chat", "--url", _address, "--message", "hi"]);

        Assert.Equal(1, exitCode);
        Assert.Equal("Hel", output);
        Assert.Contains($"error: the connection to {_address}/ was lost", error);
        Assert.DoesNotContain("   at ", error);
    }

    [Fact]
    public async Task Chat_AnAgentRunThatFails_PrintsTheMessageAndExitsOne()
    {
        // What the agent runtime sends when a run stops on its turn limit: an error, then done.
        Answer = ChatStream(context => context.Response.WriteAsync(
            "event: error\ndata: {\"type\":\"error\",\"code\":\"max_turns_exceeded\",\"message\":\"The agent stopped after 8 turns.\"}\n\n" +
            "event: done\ndata: {\"type\":\"done\",\"status\":\"active\"}\n\n"));

        var (exitCode, _, error) = await RunAsync(["chat", "--url", _address, "--agent", "support-desk", "--message", "hi"]);

        Assert.Equal(1, exitCode);
        Assert.Contains("error: The agent stopped after 8 turns.", error);
    }

    [Fact]
    public async Task KeysCreate_InALocaleWithADecimalComma_ReadsTheBudgetAsWritten()
    {
        Answer = context => Reply(context, 201, "application/json", """{"id":"key_1","name":"bot","tenant":"default","roles":["service"],"status":"active"}""");
        var culture = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");
        try
        {
            var (exitCode, _, error) = await RunAsync(["keys", "create", "--url", _address, "--name", "bot", "--role", "service", "--daily-budget", "0.5"]);

            Assert.True(exitCode == 0, error);
        }
        finally
        {
            CultureInfo.CurrentCulture = culture;
        }

        var (_, body) = Assert.Single(_requests);
        using var document = JsonDocument.Parse(body);
        Assert.Equal(0.5m, document.RootElement.GetProperty("budgets")[0].GetProperty("limit_usd").GetDecimal());
    }

    [Fact]
    public async Task UsageCsv_APathThatCannotBeWritten_FailsBeforeTheExportIsAskedFor()
    {
        Answer = context => Reply(context, 200, "text/csv", "id\n");
        var path = Path.Combine(Path.GetTempPath(), "switchboard-no-such-dir-" + Guid.NewGuid().ToString("N"), "usage.csv");

        var (exitCode, _, error) = await RunAsync(["usage", "--url", _address, "--csv", path]);

        Assert.Equal(1, exitCode);
        Assert.StartsWith($"error: cannot write {path}", error);
        Assert.Empty(_requests);
    }

    [Fact]
    public async Task UsageCsv_AnExportTheServerRefuses_LeavesNoFile()
    {
        Answer = context => Reply(context, 403, "application/problem+json", """{"title":"Forbidden","status":403,"detail":"Exports need an admin key."}""");
        var path = Path.Combine(Path.GetTempPath(), "switchboard-usage-" + Guid.NewGuid().ToString("N") + ".csv");

        var (exitCode, _, error) = await RunAsync(["usage", "--url", _address, "--csv", path]);

        Assert.Equal(1, exitCode);
        Assert.Equal("error: HTTP 403: Exports need an admin key.", error.Trim());
        Assert.False(File.Exists(path));
    }

    [Fact]
    public async Task Serve_SettingsAfterTheOptions_ReachTheConfiguration()
    {
        // A setting that fails validation proves it was read: the message names it.
        var (exitCode, _, error) = await RunAsync(["serve", "--urls", $"http://127.0.0.1:{FreePort()}", "--Switchboard:Providers:ollama:BaseUrl=nowhere"]);

        Assert.Equal(2, exitCode);
        Assert.Contains("Switchboard:Providers:ollama:BaseUrl: 'nowhere' is not an absolute http or https URL.", error);
    }

    [Theory]
    [InlineData("--ulrs", "http://127.0.0.1:1")]
    [InlineData("extra")]
    [InlineData("--Switchboard:Chat:DefaultModel")]
    public async Task Serve_AnArgumentThatIsNeitherAnOptionNorASetting_IsRefused(params string[] extra)
    {
        var (exitCode, _, error) = await RunAsync(["serve", .. extra]);

        Assert.Equal(1, exitCode);
        Assert.Contains("error: unrecognised argument(s)", error);
    }

    [Fact]
    public void ServeConfigurationArguments_AcceptSettingsWithTheirValues()
    {
        string[] settings = ["--Switchboard:Chat:DefaultModel=builtin:support", "--Logging:LogLevel:Default", "Warning"];
        Assert.Equal(settings, ServeCommand.ConfigurationArguments(settings));
        Assert.Null(ServeCommand.ConfigurationArguments(["--:x=1"]));
        Assert.Null(ServeCommand.ConfigurationArguments(["--a:=1"]));
    }

    [Fact]
    public async Task Serve_AnAddressInUse_IsOneLineAndExitTwo()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var database = Path.Combine(Path.GetTempPath(), "switchboard-serve-tests", Guid.NewGuid().ToString("N"), "s.db");

        var (exitCode, _, error) = await RunAsync(["serve", "--urls", $"http://127.0.0.1:{port}", $"--Switchboard:Storage:DatabasePath={database}"]);

        Assert.Equal(2, exitCode);
        Assert.StartsWith("error: cannot listen:", error);
        Assert.Contains(port.ToString(CultureInfo.InvariantCulture), error);
        Assert.DoesNotContain("   at ", error);
    }

    [Fact]
    public void Serve_LeavesSignalsToTheHostSoThatRequestsDrain()
    {
        var root = new RootCommand { ServeCommand.Create(), ModelsCommand.Create() };

        var serve = SwitchboardCli.Configuration(root.Parse(["serve"]), TextWriter.Null, TextWriter.Null);
        var models = SwitchboardCli.Configuration(root.Parse(["models"]), TextWriter.Null, TextWriter.Null);

        Assert.Null(serve.ProcessTerminationTimeout);
        Assert.NotNull(models.ProcessTerminationTimeout);
    }

    [Fact]
    public async Task KbImport_ABlankKnowledgeBaseName_IsAClearError()
    {
        var directory = Path.Combine(Path.GetTempPath(), "switchboard-kb-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var faq = Path.Combine(directory, "faq.jsonl");
        await File.WriteAllTextAsync(faq, """{"id":"a","question":"Where is my order?","answer":"Here."}""" + "\n");

        var (exitCode, _, error) = await RunAsync(["kb", "import", faq, "--db", Path.Combine(directory, "kb.db"), "--kb", " "]);

        Assert.Equal(1, exitCode);
        Assert.StartsWith("error:", error);
        Assert.DoesNotContain("   at ", error);
    }

    [Fact]
    public async Task KbSearch_WithoutADatabase_SaysSoAndCreatesNone()
    {
        var database = Path.Combine(Path.GetTempPath(), "switchboard-kb-" + Guid.NewGuid().ToString("N"), "data", "switchboard.db");

        var (exitCode, _, error) = await RunAsync(["kb", "search", "where is my order", "--db", database]);

        Assert.Equal(1, exitCode);
        Assert.Contains("there is no database at", error);
        Assert.False(File.Exists(database));
    }

    [Theory]
    [InlineData("--max-word-ngram", "9", "largest word n-gram must be between 0 and 8 (it is 9)")]
    [InlineData("--max-char-ngram", "17", "largest character n-gram must be between 0 and 16 (it is 17)")]
    [InlineData("--max-char-ngram", "-1", "largest character n-gram must be between 0 and 16 (it is -1)")]
    public async Task NluTrain_NgramSizesAModelFileCannotHold_AreRefusedBeforeTraining(string option, string value, string expected)
    {
        var directory = Path.Combine(Path.GetTempPath(), "switchboard-nlu-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var data = Path.Combine(directory, "train.csv");
        await File.WriteAllTextAsync(data, "text,label\nwhere is my order,track\nwhere is my parcel,track\ncancel my order,cancel\nstop my order,cancel\n", Encoding.UTF8);
        var model = Path.Combine(directory, "model.bin");

        var (exitCode, _, error) = await RunAsync(["nlu", "train", "--data", data, "--out", model, option, value]);

        Assert.Equal(1, exitCode);
        Assert.Contains(expected, error);
        Assert.False(File.Exists(model));
    }

    /// <summary>A server that creates conversation conv_1 and answers its message with the events <paramref name="stream"/> writes.</summary>
    private static Func<HttpContext, Task> ChatStream(Func<HttpContext, Task> stream) => async context =>
    {
        if (context.Request.Path == "/api/v1/conversations")
        {
            await Reply(context, 201, "application/json", """{"id":"conv_1"}""");
            return;
        }

        context.Response.ContentType = "text/event-stream";
        await stream(context);
    };

    private static async Task Reply(HttpContext context, int status, string contentType, string body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = contentType;
        await context.Response.WriteAsync(body);
    }
}
