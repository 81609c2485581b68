using System.Net;
using Switchboard.Gateway.Catalog;
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

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { string.Empty, "-wal", "-shm" })
        {
            File.Delete(Factory.DatabasePath + suffix);
        }

        Directory.CreateDirectory(Factory.DatabasePath);

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
        var paths = (await ReadJsonAsync(response)).GetProperty("paths");
        Assert.True(paths.TryGetProperty("/v1/chat/completions", out _));
        Assert.True(paths.TryGetProperty("/v1/models", out _));
        Assert.True(paths.TryGetProperty("/api/v1/conversations", out _));
        Assert.True(paths.TryGetProperty("/api/v1/conversations/{id}/messages", out _));
        Assert.True(paths.TryGetProperty("/ready", out _));
    }

    [Fact]
    public async Task SwaggerUi_IsServedAtDocs()
    {
        using var response = await Client.GetAsync("/docs/index.html");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("swagger", await response.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("Switchboard:Providers:mock:BaseUrl", "not a url", "Switchboard:Providers:mock:BaseUrl")]
    [InlineData("Switchboard:Providers:mock:Kind", "carrier-pigeon", "Switchboard:Providers:mock:Kind")]
    [InlineData("Switchboard:Providers:mock:Models:0:InputPricePerMillion", "-1", "Switchboard:Providers:mock:Models:0:InputPricePerMillion")]
    [InlineData("Switchboard:Providers:mock:TimeoutSeconds", "0", "Switchboard:Providers:mock:TimeoutSeconds")]
    [InlineData("Switchboard:Chat:DefaultModel", "mock:missing", "Switchboard:Chat:DefaultModel")]
    [InlineData("Switchboard:Server:MaxRequestBodyBytes", "0", "Switchboard:Server:MaxRequestBodyBytes")]
    public async Task InvalidConfiguration_FailsStartupNamingTheField(string key, string value, string field)
    {
        await using var factory = new SwitchboardFactory(Upstream, settings: new Dictionary<string, string?> { [key] = value });

        var exception = Assert.ThrowsAny<Exception>(() => factory.CreateClient());

        var messages = string.Join(" | ", Flatten(exception).Select(e => e.Message));
        Assert.Contains(field, messages);
    }

    [Fact]
    public async Task InvalidCatalog_ReportsEveryBadField()
    {
        await using var factory = new SwitchboardFactory(Upstream, settings: new Dictionary<string, string?>
        {
            ["Switchboard:Providers:mock:BaseUrl"] = "ftp://x",
            ["Switchboard:Providers:slow:Models:0:Id"] = "",
        });

        var exception = Flatten(Assert.ThrowsAny<Exception>(() => factory.CreateClient())).OfType<CatalogValidationException>().Single();

        Assert.Contains(exception.Errors, e => e.StartsWith("Switchboard:Providers:mock:BaseUrl", StringComparison.Ordinal));
        Assert.Contains(exception.Errors, e => e.StartsWith("Switchboard:Providers:slow:Models:0:Id", StringComparison.Ordinal));
    }

    private static IEnumerable<Exception> Flatten(Exception exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            yield return e;
            if (e is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions.SelectMany(Flatten))
                {
                    yield return inner;
                }
            }
        }
    }
}
