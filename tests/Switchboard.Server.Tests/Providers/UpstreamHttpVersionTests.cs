using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Switchboard.Server.Tests.Infrastructure;

namespace Switchboard.Server.Tests.Providers;

/// <summary>
/// Providers set to <c>HttpVersion=2.0</c> talk cleartext HTTP/2 (h2c) to an upstream that speaks nothing else; the
/// default stays HTTP/1.1. Provider <c>mock</c> is the default one, on an HTTP/1.1-and-2 upstream.
/// </summary>
public sealed class UpstreamHttpVersionTests : IAsyncLifetime
{
    private FakeOpenAIUpstream _upstream = null!;
    private FakeOpenAIUpstream _h2cUpstream = null!;
    private SwitchboardFactory _factory = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _upstream = await FakeOpenAIUpstream.StartAsync();
        _h2cUpstream = await FakeOpenAIUpstream.StartAsync(HttpProtocols.Http2);
        _factory = new SwitchboardFactory(_upstream, settings: new Dictionary<string, string?>
        {
            ["Switchboard:Providers:h2:Kind"] = "openai",
            ["Switchboard:Providers:h2:BaseUrl"] = _h2cUpstream.BaseUrl,
            ["Switchboard:Providers:h2:HttpVersion"] = "2.0",
            ["Switchboard:Providers:h2:HttpVersionPolicy"] = "RequestVersionExact",
            ["Switchboard:Providers:h2:Models:0:Id"] = "gpt-4o-mini",
            ["Switchboard:Providers:claude-h2:Kind"] = "anthropic",
            ["Switchboard:Providers:claude-h2:BaseUrl"] = _h2cUpstream.BaseUrl,
            ["Switchboard:Providers:claude-h2:HttpVersion"] = "2",
            ["Switchboard:Providers:claude-h2:HttpVersionPolicy"] = "RequestVersionExact",
            ["Switchboard:Providers:claude-h2:Models:0:Id"] = "sonnet",
            ["Switchboard:Providers:claude-h2:Models:0:UpstreamId"] = "claude-3-5-sonnet-20241022",

            // 2.0 with the default policy, over cleartext: the client prefers HTTP/1.1 when it may downgrade.
            ["Switchboard:Providers:h2-or-lower:Kind"] = "openai",
            ["Switchboard:Providers:h2-or-lower:BaseUrl"] = _upstream.BaseUrl,
            ["Switchboard:Providers:h2-or-lower:HttpVersion"] = "2.0",
            ["Switchboard:Providers:h2-or-lower:Models:0:Id"] = "gpt-4o-mini",
        });
        _client = _factory.CreateClient();
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _factory.DisposeAsync();
        await _h2cUpstream.DisposeAsync();
        await _upstream.DisposeAsync();
    }

    [Fact]
    public async Task OpenAIProvider_Http2Exact_JsonCompletionGoesOverH2c()
    {
        using var response = await PostChatAsync("h2:gpt-4o-mini", stream: false);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonOf(await response.Content.ReadAsStringAsync());
        Assert.Equal("Hello! How can I assist you today?", body.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString());
        Assert.Equal("/v1/chat/completions", Assert.Single(_h2cUpstream.Paths));
        Assert.Equal("HTTP/2", Assert.Single(_h2cUpstream.Protocols));
    }

    [Fact]
    public async Task OpenAIProvider_Http2Exact_StreamGoesOverH2c()
    {
        _h2cUpstream.Handler = FakeOpenAIUpstream.Sse(Fixture.SseEvents("openai/stream_text.sse"));

        using var response = await PostChatAsync("h2:gpt-4o-mini", stream: true);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var events = await SseParser.ReadAllAsync(response);
        Assert.Equal("[DONE]", events[^1].Data);
        Assert.Equal("Hello there, 你好!", StreamedText(events));
        Assert.Equal("HTTP/2", Assert.Single(_h2cUpstream.Protocols));
    }

    [Fact]
    public async Task AnthropicProvider_Http2Exact_JsonMessageGoesOverH2c()
    {
        _h2cUpstream.Handler = FakeOpenAIUpstream.Json(Fixture.Read("anthropic/message.json"));

        using var response = await PostChatAsync("claude-h2:sonnet", stream: false);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonOf(await response.Content.ReadAsStringAsync());
        Assert.Equal("Hi! My name is Claude.", body.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString());
        Assert.Equal("/v1/messages", Assert.Single(_h2cUpstream.Paths));
        Assert.Equal("HTTP/2", Assert.Single(_h2cUpstream.Protocols));
    }

    [Fact]
    public async Task AnthropicProvider_Http2Exact_StreamGoesOverH2c()
    {
        _h2cUpstream.Handler = FakeOpenAIUpstream.Sse(Fixture.SseEvents("anthropic/stream_text.sse"));

        using var response = await PostChatAsync("claude-h2:sonnet", stream: true);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var events = await SseParser.ReadAllAsync(response);
        Assert.Equal("[DONE]", events[^1].Data);
        Assert.Equal("Hello! 你好", StreamedText(events));
        Assert.Equal("/v1/messages", Assert.Single(_h2cUpstream.Paths));
        Assert.Equal("HTTP/2", Assert.Single(_h2cUpstream.Protocols));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task DefaultProvider_UpstreamSeesHttp11(bool stream)
    {
        if (stream)
        {
            _upstream.Handler = FakeOpenAIUpstream.Sse(Fixture.SseEvents("openai/stream_text.sse"));
        }

        using var response = await PostChatAsync("mock:gpt-4o-mini", stream);
        await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("HTTP/1.1", Assert.Single(_upstream.Protocols));
    }

    [Fact]
    public async Task Http2OrLower_OverCleartext_FallsBackToHttp11()
    {
        using var response = await PostChatAsync("h2-or-lower:gpt-4o-mini", stream: false);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("HTTP/1.1", Assert.Single(_upstream.Protocols));
    }

    private Task<HttpResponseMessage> PostChatAsync(string model, bool stream)
    {
        var json = $$"""{"model":"{{model}}","stream":{{(stream ? "true" : "false")}},"messages":[{"role":"user","content":"Hello"}]}""";
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        return _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
    }

    private static JsonElement JsonOf(string text) => JsonDocument.Parse(text).RootElement;

    private static string StreamedText(List<SseEvent> events) => string.Concat(events.SkipLast(1)
        .Select(e => e.Json.GetProperty("choices"))
        .Where(choices => choices.GetArrayLength() > 0)
        .Select(choices => choices[0].GetProperty("delta"))
        .Select(delta => delta.TryGetProperty("content", out var content) ? content.GetString() : string.Empty));
}
