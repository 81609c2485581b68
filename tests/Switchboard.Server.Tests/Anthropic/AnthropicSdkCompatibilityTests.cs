using System.Text;
using Anthropic;
using Microsoft.Extensions.AI;
using Switchboard.Abstractions.Chat;
using Switchboard.Server.Tests.Infrastructure;

namespace Switchboard.Server.Tests.Anthropic;

/// <summary>The official Anthropic .NET SDK (13.11.0) used as a client against the running server's /v1/messages.</summary>
public sealed class AnthropicSdkCompatibilityTests : IAsyncLifetime
{
    private KestrelSwitchboard _server = null!;

    public async Task InitializeAsync() => _server = await KestrelSwitchboard.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Messages_Plain()
    {
        using var client = Client();

        var response = await client.GetResponseAsync([new ChatMessage(ChatRole.User, "Hello")], new ChatOptions { MaxOutputTokens = 100 });

        Assert.Equal("Hello! How can I assist you today?", response.Text);
        Assert.Equal(19, response.Usage?.InputTokenCount);
        Assert.Equal(10, response.Usage?.OutputTokenCount);
        Assert.Equal("/v1/chat/completions", _server.Upstream.Paths.Single()); // served by the OpenAI-compatible upstream
    }

    [Fact]
    public async Task Messages_Streaming()
    {
        _server.Upstream.Handler = FakeOpenAIUpstream.Sse(Fixture.SseEvents("openai/stream_text.sse"));
        using var client = Client();

        var text = new StringBuilder();
        await foreach (var update in client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "Hello")], new ChatOptions { MaxOutputTokens = 100 }))
        {
            text.Append(update.Text);
        }

        Assert.Equal("Hello there, 你好!", text.ToString());
    }

    [Fact]
    public async Task Messages_ParallelToolUse()
    {
        _server.Upstream.Handler = FakeOpenAIUpstream.Json(Fixture.Read("openai/chat_completion_parallel_tools.json"));
        using var client = Client();
        var options = new ChatOptions
        {
            MaxOutputTokens = 100,
            Tools = [new ToolDeclaration("get_current_weather", "Weather", System.Text.Json.JsonDocument.Parse("""{"type":"object","properties":{"location":{"type":"string"}}}""").RootElement)],
        };

        var response = await client.GetResponseAsync([new ChatMessage(ChatRole.User, "Weather in Boston and Shanghai?")], options);

        var calls = response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>().ToList();
        Assert.Equal(2, calls.Count);
        Assert.Equal("call_abc123", calls[0].CallId);
        Assert.Equal("get_current_weather", calls[0].Name);
        Assert.Equal("上海", calls[1].Arguments!["location"]?.ToString());
        Assert.Equal("get_current_weather", _server.Upstream.Requests.Single().GetProperty("tools")[0].GetProperty("function").GetProperty("name").GetString());
    }

    private IChatClient Client() =>
        new AnthropicClient { ApiKey = SwitchboardFactory.AdminKey, BaseUrl = _server.Address, MaxRetries = 0 }.AsIChatClient("mock:gpt-4o-mini");
}
