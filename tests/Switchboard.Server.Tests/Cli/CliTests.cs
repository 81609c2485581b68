using Switchboard.Cli;
using Switchboard.Server.Tests.Infrastructure;

using static Switchboard.Server.Tests.Infrastructure.CliRunner;

namespace Switchboard.Server.Tests.Cli;

/// <summary>Drives the <c>switchboard</c> command as a user would, against a running server.</summary>
public sealed class CliTests : IAsyncLifetime
{
    private KestrelSwitchboard _server = null!;

    public async Task InitializeAsync() => _server = await KestrelSwitchboard.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Chat_OneShot_StreamsTheAnswerAndStoresTheConversation()
    {
        _server.Upstream.Handler = FakeOpenAIUpstream.Sse(Fixture.SseEvents("openai/stream_text.sse"));

        var (exitCode, output, error) = await RunAsync(["chat", "--url", _server.Address, "--api-key", SwitchboardFactory.AdminKey, "--model", "mock:gpt-4o-mini", "--message", "Hello"]);

        Assert.Equal(0, exitCode);
        Assert.Equal("Hello there, 你好!" + Environment.NewLine, output);
        Assert.Matches("conversation conv_[0-9a-z]{26}", error);
        Assert.Contains("mock:gpt-4o-mini · 9 in / 4 out", error);
    }

    [Fact]
    public async Task Chat_Interactive_ReadsLinesUntilExit()
    {
        _server.Upstream.Handler = FakeOpenAIUpstream.Sse(Fixture.SseEvents("openai/stream_text.sse"));

        var (exitCode, output, _) = await RunWithInputAsync(["chat", "--url", _server.Address, "--api-key", SwitchboardFactory.AdminKey], "first\n\nsecond\n/exit\n");

        Assert.Equal(0, exitCode);
        Assert.Equal(2, _server.Upstream.Requests.Count);
        Assert.Equal(2, output.Split("Hello there, 你好!").Length - 1);
        Assert.StartsWith("> ", output);

        // The second turn carried the first as history.
        var history = _server.Upstream.Requests.Last().GetProperty("messages");
        Assert.Equal(3, history.GetArrayLength());
        Assert.Equal("first", history[0].GetProperty("content").GetString());
    }

    [Fact]
    public async Task Chat_WithTheSupportDesk_ShowsHandoffsToolCallsAndEscalation()
    {
        var (exitCode, output, _) = await RunWithInputAsync(
            ["chat", "--url", _server.Address, "--api-key", SwitchboardFactory.AdminKey, "--agent", "support-desk"],
            "Where is my order ORD-1001?\nI want to talk to a person\nhello?\n/exit\n");

        Assert.Equal(0, exitCode);
        Assert.Contains("[handoff router -> order (classifier", output);
        Assert.Contains("[tool get_order_status {\"order_id\":\"ORD-1001\"}]", output);
        Assert.Contains("[tool get_order_status: ok,", output);
        Assert.Contains("has shipped", output);
        Assert.Contains("[escalated to support (normal): The customer asked for a person.]", output);
        Assert.Contains("member of our support team", output);
        Assert.Contains("[waiting for a person; your messages are passed on]", output);
        Assert.Empty(_server.Upstream.Requests); // offline
    }

    [Fact]
    public async Task Chat_UpstreamError_PrintsTheMessageAndFails()
    {
        _server.Upstream.Handler = FakeOpenAIUpstream.Json(Fixture.Read("openai/error_rate_limit.json"), 429);

        var (exitCode, _, error) = await RunAsync(["chat", "--url", _server.Address, "--api-key", SwitchboardFactory.AdminKey, "--message", "Hello"]);

        Assert.Equal(1, exitCode);
        Assert.Contains("Rate limit reached", error);
    }

    [Fact]
    public async Task Chat_ServerDown_FailsWithAClearMessage()
    {
        var (exitCode, _, error) = await RunAsync(["chat", "--url", "http://127.0.0.1:9", "--message", "Hello"]);

        Assert.Equal(1, exitCode);
        Assert.Contains("cannot reach", error);
    }

    [Fact]
    public async Task Models_ListsTheCatalog()
    {
        var (exitCode, output, _) = await RunAsync(["models", "--url", _server.Address, "--api-key", SwitchboardFactory.AdminKey]);

        Assert.Equal(0, exitCode);
        Assert.Contains("MODEL", output);
        Assert.Matches(@"mock:gpt-4o-mini\s+128000\s+0\.15\s+0\.60", output);
        Assert.Contains("slow:slow-model", output);
    }

    [Fact]
    public async Task Version_PrintsTheVersion()
    {
        var (exitCode, output, _) = await RunAsync(["version"]);

        Assert.Equal(0, exitCode);
        Assert.Matches(@"^switchboard \d+\.\d+\.\d+", output);
    }

    [Theory]
    [InlineData("serve", "--urls")]
    [InlineData("chat", "--message")]
    [InlineData("models", "--url")]
    [InlineData("version", "Print the Switchboard version")]
    public async Task EveryCommand_HasHelp(string command, string expected)
    {
        var (exitCode, output, _) = await RunAsync([command, "--help"]);

        Assert.Equal(0, exitCode);
        Assert.Contains(expected, output);
    }
}
