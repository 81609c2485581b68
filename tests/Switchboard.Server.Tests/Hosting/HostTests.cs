using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Switchboard.Server.Hosting;
using Switchboard.Server.Tests.Infrastructure;

namespace Switchboard.Server.Tests.Hosting;

public sealed class HostTests : ServerTestBase
{
    [Fact]
    public async Task Health_IsAlive()
    {
        using var response = await Client.GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("healthy", (await ReadJsonAsync(response)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Ready_ChecksTheDatabase()
    {
        using var response = await Client.GetAsync("/ready");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await ReadJsonAsync(response);
        Assert.Equal("ready", body.GetProperty("status").GetString());
        Assert.Equal("ok", body.GetProperty("checks").GetProperty("sqlite").GetString());
        Assert.True(File.Exists(Factory.DatabasePath), "the database file is created on first start");
    }

    [Fact]
    public async Task Ready_Returns503WhenTheDatabaseIsGone()
    {
        // Replace the database file with a directory: SQLite can no longer open it.
        using (await Client.GetAsync("/ready"))
        {
        }

        // An ordinary connection opening at that moment (SQLite's default mode creates a missing file) can put a new
        // file back between the delete and the directory; try again until the directory is in place. Once it is,
        // nothing can create the file again.
        for (var attempt = 1; ; attempt++)
        {
            new Switchboard.Storage.Sqlite.SqliteDatabase(new Switchboard.Storage.Sqlite.SqliteStorageOptions { DatabasePath = Factory.DatabasePath }, TimeProvider.System).ClearPool();
            foreach (var suffix in new[] { string.Empty, "-wal", "-shm" })
            {
                File.Delete(Factory.DatabasePath + suffix);
            }

            try
            {
                Directory.CreateDirectory(Factory.DatabasePath);
                break;
            }
            catch (IOException) when (attempt < 20)
            {
                await Task.Delay(50);
            }
        }

        using var response = await Client.GetAsync("/ready");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var body = await ReadJsonAsync(response);
        Assert.Equal("not_ready", body.GetProperty("status").GetString());
        Assert.NotEqual("ok", body.GetProperty("checks").GetProperty("sqlite").GetString());
    }

    [Fact]
    public async Task OpenApiDocument_DescribesTheEndpoints()
    {
        using var response = await Client.GetAsync("/openapi/v1.json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = await ReadJsonAsync(response);
        var paths = document.GetProperty("paths");
        var schemes = document.GetProperty("components").GetProperty("securitySchemes");
        Assert.Equal("bearer", schemes.GetProperty("bearer").GetProperty("scheme").GetString());
        Assert.Equal("x-api-key", schemes.GetProperty("apiKey").GetProperty("name").GetString());
        Assert.Equal(
            ["apiKey", "bearer"],
            document.GetProperty("security").EnumerateArray().SelectMany(r => r.EnumerateObject().Select(p => p.Name)).Order());
        Assert.True(paths.TryGetProperty("/v1/chat/completions", out _));
        Assert.True(paths.TryGetProperty("/v1/models", out _));
        Assert.True(paths.TryGetProperty("/api/v1/conversations", out _));
        Assert.True(paths.TryGetProperty("/api/v1/conversations/{id}/messages", out _));
        Assert.True(paths.TryGetProperty("/ready", out _));
    }

    [Fact]
    public async Task OpenApiDocument_SaysWhichCallsNeedWhichCredentials()
    {
        using var response = await Client.GetAsync("/openapi/v1.json");

        var paths = (await ReadJsonAsync(response)).GetProperty("paths");

        // Health needs no credentials: an empty security list overrides the document's.
        var ready = paths.GetProperty("/ready").GetProperty("get");
        Assert.Equal(0, ready.GetProperty("security").GetArrayLength());
        Assert.False(ready.GetProperty("responses").TryGetProperty("401", out _));

        var chat = paths.GetProperty("/v1/chat/completions").GetProperty("post");
        Assert.False(chat.TryGetProperty("security", out _));
        Assert.True(chat.GetProperty("responses").TryGetProperty("401", out _));
        Assert.Contains("admin, user, service", chat.GetProperty("responses").GetProperty("403").GetProperty("description").GetString());

        var keys = paths.GetProperty("/api/v1/keys").GetProperty("post").GetProperty("responses");
        Assert.Contains("the admin role", keys.GetProperty("403").GetProperty("description").GetString());
        Assert.Contains("problem details", keys.GetProperty("401").GetProperty("description").GetString());
    }

    [Fact]
    public async Task SwaggerUi_IsServedAtDocs()
    {
        using var response = await Client.GetAsync("/docs/index.html");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("swagger", await response.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("/docs")]
    [InlineData("/docs/")]
    [InlineData("/DOCS")]
    public async Task SwaggerUi_TheBarePathLeadsToThePage(string path)
    {
        // The docs middleware runs only for /docs paths; its own redirect to the page must still be reached.
        using var client = Factory.CreateClient(new() { AllowAutoRedirect = false });
        using var response = await client.GetAsync(path);

        Assert.True(response.StatusCode is HttpStatusCode.MovedPermanently or HttpStatusCode.Redirect, $"{path}: {response.StatusCode}");
        Assert.EndsWith("index.html", response.Headers.Location?.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Switchboard:Providers:ollama:BaseUrl", "not a url")]
    [InlineData("Switchboard:Providers:ollama:Kind", "carrier-pigeon")]
    [InlineData("Switchboard:Providers:openai:Models:0:InputPricePerMillion", "-1")]
    [InlineData("Switchboard:Providers:ollama:TimeoutSeconds", "0")]
    [InlineData("Switchboard:Providers:ollama:HttpVersion", "1.5")]
    [InlineData("Switchboard:Providers:ollama:HttpVersion", "banana")]
    [InlineData("Switchboard:Providers:anthropic:HttpVersionPolicy", "RequestVersionOrWhatever")]
    [InlineData("Switchboard:Chat:DefaultModel", "ollama:missing")]
    [InlineData("Switchboard:Server:MaxRequestBodyBytes", "0")]
    [InlineData("Switchboard:Server:MaxRequestBodyBytes", "2147483591")]
    [InlineData("Switchboard:Server:MaxRequestBodyBytes", "3000000000")]
    [InlineData("Switchboard:Server:LogFormat", "xml")]
    [InlineData("Switchboard:Agents:Presets:0", "no-such-preset")]
    [InlineData("Switchboard:Agents:RefundWindowDays", "0")]
    [InlineData("Switchboard:Agents:Model", "ollama:missing")]
    [InlineData("Switchboard:Telemetry:OtlpEndpoint", "localhost:4317")]
    [InlineData("Switchboard:Telemetry:OtlpProtocol", "udp")]
    [InlineData("Switchboard:Telemetry:MetricsPath", "metrics")]
    [InlineData("Switchboard:Telemetry:MetricsPath", "/v1/metrics")]
    [InlineData("Switchboard:Telemetry:TraceSampleRatio", "1.5")]
    [InlineData("Switchboard:Telemetry:OtlpMetricsIntervalSeconds", "0")]
    [InlineData("Switchboard:Cache:MaxBytes", "lots")]
    [InlineData("Switchboard:Server:ShutdownTimeoutSeconds", "soon")]
    [InlineData("Switchboard:Telemetry:MetricsEnabled", "maybe")]

    // Values that used to pass start-up and then fail every call, or the shutdown: Polly takes durations up to a day,
    // a cancellation timer about 49 days, and a TimeSpan not 1e12 seconds.
    [InlineData("Switchboard:Providers:ollama:TimeoutSeconds", "9999999")]
    [InlineData("Switchboard:Providers:ollama:FirstTokenTimeoutSeconds", "1e13")]
    [InlineData("Switchboard:CircuitBreaker:BreakDurationSeconds", "172800")]
    [InlineData("Switchboard:CircuitBreaker:SamplingDurationSeconds", "1e12")]
    [InlineData("Switchboard:Server:ShutdownTimeoutSeconds", "1e12")]
    [InlineData("Switchboard:Builtin:DemoKnowledgeBaseName", " ")]
    [InlineData("Switchboard:Server:Urls", "0.0.0.0:8080")]
    [InlineData("Switchboard:Server:Urls", "http://127.0.0.1:8080/switchboard")]
    [InlineData("Switchboard:Server:Urls", "http://127.0.0.1:http")]
    [InlineData("Switchboard:Server:Urls", "ftp://127.0.0.1:21")]
    [InlineData("Switchboard:Server:Urls", ";")]

    // An item of a list or dictionary that the configuration binder cannot convert is left out without a word: these
    // would have been a budget, a rate limit, a model's context window and a policy that silently did not exist.
    [InlineData("Switchboard:Budgets:Tenants:*:0:Period", "Monthly")]
    [InlineData("Switchboard:Budgets:Conversation:0:LimitUsd", "five")]
    [InlineData("Switchboard:RateLimits:Tenants:acme:RequestsPerMinute", "many")]
    [InlineData("Switchboard:Providers:ollama:Models:0:ContextWindow", "big")]
    [InlineData("Switchboard:Policies:triage:MinConfidence", "high")]
    [InlineData("Switchboard:Policies:tiers:Thresholds:0", "half")]
    [InlineData("Switchboard:Budgets:Tenants", "acme")]
    public void InvalidConfiguration_FailsStartupNamingTheField(string key, string value)
    {
        var exception = Assert.Throws<ConfigurationValidationException>(() => Build($"--{key}={value}"));

        Assert.Contains(exception.Errors, e => e.StartsWith(key + ":", StringComparison.Ordinal));
        Assert.Contains(key, exception.Message);
    }

    [Theory]
    [InlineData("Switchboard:Storage:DatabasePth", "/srv/sb.db")]
    [InlineData("Switchboard:Storge:DatabasePath", "/srv/sb.db")]
    [InlineData("Switchboard:RateLimits:Key:RequestPerMinute", "60")]
    [InlineData("Switchboard:Server:MaxRequestBodyByte", "100")]
    [InlineData("Switchboard:Providers:ollama:TimeoutSecond", "5")]
    [InlineData("Switchboard:Auth:Jwt:Audiance", "api")]
    public void AMistypedKey_FailsStartupNamingIt(string key, string value)
    {
        // The binder skips a key that names no field, and the field keeps its default: the database would have gone
        // somewhere else, the limit stayed at 600, without a word.
        var exception = Assert.Throws<ConfigurationValidationException>(() => Build($"--{key}={value}"));

        // Named down to the mistyped part: "Switchboard:Storge" for a mistyped section, the whole key for a field.
        var error = Assert.Single(exception.Errors, e => e.Contains(": is not a setting here", StringComparison.Ordinal));
        Assert.StartsWith(error[..error.IndexOf(": is not a setting here", StringComparison.Ordinal)], key, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://127.0.0.1:8080")]
    [InlineData("http://127.0.0.1:8080/")]
    [InlineData("https://localhost")]
    [InlineData("http://*:8080;http://+:8081")]
    [InlineData("http://[::1]:8080; http://0.0.0.0:9000")]
    [InlineData("http://unix:/tmp/switchboard.sock")]
    public async Task ListenAddressesKestrelTakes_PassValidation(string urls)
    {
        await using var app = Build($"--Switchboard:Server:Urls={urls}");

        Assert.NotNull(app);
    }

    [Fact]
    public void AnEmptyDatabasePath_FailsStartupNamingTheField()
    {
        // An unset ${DB_PATH} in the environment: the path is "", which used to crash while the catalog was built.
        var exception = Assert.Throws<ConfigurationValidationException>(() => SwitchboardApplication.Build(["--Switchboard:Storage:DatabasePath="]));

        Assert.Contains(exception.Errors, e => e.StartsWith("Switchboard:Storage:DatabasePath:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ModelRateLimits_AreReadUnderTheirFullProviderColonModelNames()
    {
        // Configuration reads every ':' as a level: "openai:gpt-4o" used to become a model "openai" with no limit.
        await using var app = Build(
            "--Switchboard:RateLimits:Models:openai:gpt-4o-mini:RequestsPerMinute=7",
            "--Switchboard:RateLimits:Models:ollama:qwen2.5:7b:TokensPerMinute=900",
            "--Switchboard:Routes:fast:Targets:0=openai:gpt-4o-mini",
            "--Switchboard:RateLimits:Models:fast:RequestsPerMinute=3");

        var models = app.Services.GetRequiredService<Switchboard.Gateway.RateLimits.RateLimitOptions>().Models;

        Assert.Equal(["fast", "ollama:qwen2.5:7b", "openai:gpt-4o-mini"], models.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(7, models["openai:gpt-4o-mini"].RequestsPerMinute);
        Assert.Equal(900, models["ollama:qwen2.5:7b"].TokensPerMinute);
        Assert.Equal(3, models["fast"].RequestsPerMinute);
    }

    [Fact]
    public void ModelRateLimits_UnderNamesCallsAreNotCountedBy_FailStartupNamingTheField()
    {
        // Calls are counted under canonical names: a bare model id or an unknown name would never limit anything.
        var exception = Assert.Throws<ConfigurationValidationException>(() => Build(
            "--Switchboard:RateLimits:Models:gpt-4o-mini:RequestsPerMinute=7",
            "--Switchboard:RateLimits:Models:nothing-here:RequestsPerMinute=7"));

        Assert.Contains("Switchboard:RateLimits:Models:gpt-4o-mini: write the name calls are counted under, 'openai:gpt-4o-mini'.", exception.Errors);
        Assert.Contains(exception.Errors, e => e.StartsWith("Switchboard:RateLimits:Models:nothing-here: ", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Switchboard:Budgets:DefaultMaxOutputTokens", "0")]
    [InlineData("Switchboard:Budgets:Tenants:*:0:LimitUsd", "-3")]
    public void InvalidBudgets_FailStartupNamingTheField_NotWithTheBudgetStagesException(string key, string value)
    {
        // The budget stage's own argument check used to run first, while the agents were built, and crash the start.
        var exception = Assert.Throws<ConfigurationValidationException>(() => Build($"--{key}={value}"));

        Assert.Contains(exception.Errors, e => e.StartsWith(key, StringComparison.Ordinal));
    }

    [Fact]
    public void BadBudget_AndBadAgentModel_AreReportedTogether()
    {
        var exception = Assert.Throws<ConfigurationValidationException>(() => Build(
            "--Switchboard:Budgets:DefaultMaxOutputTokens=0",
            "--Switchboard:Agents:Model=ollama:missing"));

        Assert.Contains(exception.Errors, e => e.StartsWith("Switchboard:Budgets:DefaultMaxOutputTokens", StringComparison.Ordinal));
        Assert.Contains(exception.Errors, e => e.StartsWith("Switchboard:Agents:Model", StringComparison.Ordinal));
    }

    [Fact]
    public void UnreadableValues_InSeveralSections_AreReportedTogether()
    {
        var exception = Assert.Throws<ConfigurationValidationException>(() => Build(
            "--Switchboard:RateLimits:Tenants:acme:RequestsPerMinute=many",
            "--Switchboard:Budgets:Tenants:*:0:Period=Monthly",
            "--Switchboard:Cache:TtlSeconds=long"));

        Assert.Equal(3, exception.Errors.Count);
        Assert.Contains("Switchboard:Budgets:Tenants:*:0:Period: 'Monthly' is not one of Day, Month, Total.", exception.Errors);
        Assert.Contains("Switchboard:RateLimits:Tenants:acme:RequestsPerMinute: 'many' is not a whole number.", exception.Errors);
        Assert.Contains(exception.Errors, e => e.StartsWith("Switchboard:Cache:TtlSeconds: 'long'", StringComparison.Ordinal));
    }

    [Fact]
    public async Task DataDirectoryThatCannotBeCreated_FailsStartupNamingTheField()
    {
        // A directory cannot be made inside a file.
        var file = Path.GetTempFileName();
        try
        {
            await using var app = SwitchboardApplication.Build(["--Switchboard:Storage:DataDirectory=" + Path.Combine(file, "data")]);

            var exception = await Assert.ThrowsAsync<ConfigurationValidationException>(() => app.StartAsync());

            var error = Assert.Single(exception.Errors);
            Assert.StartsWith("Switchboard:Storage:DataDirectory: cannot create or open the database", error, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Theory]
    [InlineData("{\"Switchboard\": {\"Storage\": ")]
    [InlineData("not json")]
    [InlineData(null)]
    public void SettingsFileThatIsMissingOrNotJson_FailsStartupNamingTheFile(string? content)
    {
        var file = Path.Combine(Path.GetTempPath(), "switchboard-tests", Guid.NewGuid().ToString("N") + ".json");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        if (content is not null)
        {
            File.WriteAllText(file, content);
        }

        try
        {
            var exception = Assert.Throws<ConfigurationValidationException>(() => SwitchboardApplication.Build([], file));

            var error = Assert.Single(exception.Errors);
            Assert.StartsWith(content is null ? file : file + ":", error, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task LargestRequestBodyLimit_IsAccepted()
    {
        await using var app = Build($"--Switchboard:Server:MaxRequestBodyBytes={ServerOptions.MaxRequestBodyBytesLimit}");

        Assert.Equal(2_147_483_590, app.Services.GetRequiredService<ServerOptions>().MaxRequestBodyBytes);
    }

    [Fact]
    public void InvalidConfiguration_ReportsEveryBadFieldAtOnce()
    {
        var exception = Assert.Throws<ConfigurationValidationException>(() => Build(
            "--Switchboard:Providers:ollama:BaseUrl=ftp://x",
            "--Switchboard:Providers:openai:Models:1:Id=",
            "--Switchboard:Server:MaxRequestBodyBytes=-1"));

        // Catalog and host errors come together, in one start-up attempt.
        Assert.Equal(3, exception.Errors.Count);
        Assert.Contains(exception.Errors, e => e.StartsWith("Switchboard:Providers:ollama:BaseUrl", StringComparison.Ordinal));
        Assert.Contains(exception.Errors, e => e.StartsWith("Switchboard:Providers:openai:Models:1:Id", StringComparison.Ordinal));
        Assert.Contains(exception.Errors, e => e.StartsWith("Switchboard:Server:MaxRequestBodyBytes", StringComparison.Ordinal));
    }

    [Fact]
    public async Task DisabledProvider_IsLeftOutOfTheCatalog()
    {
        await using var factory = new SwitchboardFactory(Upstream, settings: new Dictionary<string, string?> { ["Switchboard:Providers:slow:Enabled"] = "false" });
        using var client = factory.CreateClient();

        var models = await (await client.GetAsync("/v1/models")).Content.ReadAsStringAsync();

        Assert.DoesNotContain("slow:", models);
        Assert.Contains("mock:gpt-4o-mini", models);
    }

    private static WebApplication Build(params string[] args) =>
        SwitchboardApplication.Build([.. args, "--Switchboard:Storage:DatabasePath=" + Path.Combine(Path.GetTempPath(), "switchboard-tests", Guid.NewGuid().ToString("N"), "x.db")]);
}
