using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Switchboard.Server.Tests.Infrastructure;

/// <summary>
/// Hosts the real Switchboard server in-process with a provider <c>mock</c> (and a 1-second-timeout provider
/// <c>slow</c>) pointing at a <see cref="FakeOpenAIUpstream"/>, and a SQLite file of its own.
/// </summary>
public sealed class SwitchboardFactory : WebApplicationFactory<Program>
{
    /// <summary>The bootstrap admin key every test server starts with; clients from <c>CreateClient</c> send it.</summary>
    public const string AdminKey = "sb-test-admin-key-0123456789abcdef0123456789";

    private readonly Dictionary<string, string?> _settings;
    private readonly Action<IServiceCollection>? _services;

    public SwitchboardFactory(FakeOpenAIUpstream upstream, string? databasePath = null, IDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    {
        _services = services;
        DatabasePath = databasePath ?? Path.Combine(Path.GetTempPath(), "switchboard-tests", Guid.NewGuid().ToString("N"), "switchboard.db");
        _settings = new Dictionary<string, string?>
        {
            ["Switchboard:Server:LogFormat"] = "simple",
            ["Switchboard:Auth:BootstrapKey"] = AdminKey,

            // Tests fire bursts on purpose; the rate-limit tests set their own limits.
            ["Switchboard:RateLimits:Key:RequestsPerMinute"] = "1000000",
            ["Switchboard:RateLimits:Key:TokensPerMinute"] = "1000000000",
            ["Switchboard:Storage:DatabasePath"] = DatabasePath,
            ["Switchboard:Chat:DefaultModel"] = "mock:gpt-4o-mini",

            // Tests fail upstreams on purpose: circuits open only where a test asks for it, and retries do not wait.
            ["Switchboard:CircuitBreaker:MinimumThroughput"] = "1000",
            ["Switchboard:Retries:RetryBaseDelayMs"] = "1",
            ["Switchboard:Providers:mock:Kind"] = "openai",
            ["Switchboard:Providers:mock:BaseUrl"] = upstream.BaseUrl,
            ["Switchboard:Providers:mock:Models:0:Id"] = "gpt-4o-mini",
            ["Switchboard:Providers:mock:Models:0:ContextWindow"] = "128000",
            ["Switchboard:Providers:mock:Models:0:InputPricePerMillion"] = "0.15",
            ["Switchboard:Providers:mock:Models:0:OutputPricePerMillion"] = "0.60",
            ["Switchboard:Providers:mock:Models:1:Id"] = "mock-chat",
            ["Switchboard:Providers:mock:Models:1:UpstreamId"] = "upstream-chat-v2",
            ["Switchboard:Providers:slow:Kind"] = "openai",
            ["Switchboard:Providers:slow:BaseUrl"] = upstream.BaseUrl,
            ["Switchboard:Providers:slow:TimeoutSeconds"] = "1",
            ["Switchboard:Providers:slow:Models:0:Id"] = "slow-model",
            ["Switchboard:Providers:claude:Kind"] = "anthropic",
            ["Switchboard:Providers:claude:BaseUrl"] = upstream.BaseUrl,
            ["Switchboard:Providers:claude:Models:0:Id"] = "sonnet",
            ["Switchboard:Providers:claude:Models:0:UpstreamId"] = "claude-3-5-sonnet-20241022",
            ["Switchboard:Providers:claude:Headers:x-api-key"] = "test-anthropic-key",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            _settings[key] = value;
        }
    }

    public string DatabasePath { get; }

    protected override void ConfigureClient(HttpClient client)
    {
        base.ConfigureClient(client);
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", AdminKey);
    }

    /// <summary>Creates a client that sends <paramref name="key"/> (or no key when null) instead of the admin key.</summary>
    public HttpClient CreateClientWithKey(string? key)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = key is null ? null : new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.ConfigureAppConfiguration((_, configuration) => configuration.AddInMemoryCollection(_settings));
        if (_services is not null)
        {
            builder.ConfigureServices(_services);
        }
    }
}
