using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Switchboard.Abstractions.Agents;
using Switchboard.Gateway.Caching;
using Switchboard.Server.Agents;
using Switchboard.Server.Hosting;

namespace Switchboard.Server.Tests.Agents;

/// <summary><c>Switchboard:Agents:ToolCache</c>: binding, start-up validation and the cache's effect end to end.</summary>
public sealed class ToolCacheConfigurationTests
{
    [Fact]
    public async Task ToolCache_NotConfigured_IsOnWithTheDocumentedDefaults()
    {
        await using var app = Build();

        var options = app.Services.GetRequiredService<AgentOptions>().ToolCache;

        Assert.Equal((true, 16L * 1024 * 1024, 300), (options.Enabled, options.MaxBytes, options.DefaultTtlSeconds));
        Assert.IsType<ToolResultCache>(app.Services.GetRequiredService<IToolResultCache>());
    }

    [Fact]
    public async Task ToolCache_Configured_BindsEveryField()
    {
        await using var app = Build(
            "--Switchboard:Agents:ToolCache:Enabled=false",
            "--Switchboard:Agents:ToolCache:MaxBytes=4096",
            "--Switchboard:Agents:ToolCache:DefaultTtlSeconds=30");

        var options = app.Services.GetRequiredService<AgentOptions>().ToolCache;

        Assert.Equal((false, 4096L, 30), (options.Enabled, options.MaxBytes, options.DefaultTtlSeconds));
    }

    [Theory]
    [InlineData("MaxBytes", "0")]
    [InlineData("MaxBytes", "-1")]
    [InlineData("DefaultTtlSeconds", "0")]
    [InlineData("DefaultTtlSeconds", "86401")]
    public void InvalidToolCacheSetting_FailsStartupNamingTheFieldOnce(string field, string value)
    {
        var key = "Switchboard:Agents:ToolCache:" + field;

        var exception = Assert.Throws<ConfigurationValidationException>(() => Build($"--{key}={value}"));

        var error = Assert.Single(exception.Errors);
        Assert.StartsWith(key + ": must be ", error, StringComparison.Ordinal);
        Assert.Contains($"(got {value})", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("true", new[] { false, true })]
    [InlineData("false", new[] { false, false })]
    public async Task Calculator_SameExpressionInTwoConversations_IsCachedUnlessDisabled(string enabled, bool[] expected)
    {
        await using var desk = await SupportDesk.StartAsync("builtin", settings: new Dictionary<string, string?> { ["Switchboard:Agents:ToolCache:Enabled"] = enabled });

        var cached = new List<bool>();
        foreach (var _ in expected)
        {
            var conversation = await desk.StartConversationAsync("tools-assistant");
            var exchange = await desk.SendAsync(conversation, "what is 12 * 7");
            Assert.Contains("84", SupportDesk.Reply(exchange), StringComparison.Ordinal);
            var result = Assert.Single(SupportDesk.Events(exchange, "tool.result"));
            Assert.Equal(("calculator", "ok"), (result.GetProperty("tool").GetString(), result.GetProperty("status").GetString()));

            // The stored execution says the same as the event.
            var trace = await desk.GetAsync($"/api/v1/conversations/{conversation}/trace");
            var execution = Assert.Single(trace.GetProperty("tool_executions").EnumerateArray());
            Assert.Equal(result.GetProperty("cached").GetBoolean(), execution.GetProperty("cached").GetBoolean());
            cached.Add(execution.GetProperty("cached").GetBoolean());
        }

        Assert.Equal(expected, cached);
    }

    private static WebApplication Build(params string[] args) =>
        SwitchboardApplication.Build([.. args, "--Switchboard:Storage:DatabasePath=" + Path.Combine(Path.GetTempPath(), "switchboard-tests", Guid.NewGuid().ToString("N"), "x.db")]);
}
