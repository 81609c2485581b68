using System.Net;
using Microsoft.Extensions.AI;
using Switchboard.Abstractions.Catalog;
using Switchboard.Abstractions.Errors;
using Switchboard.Abstractions.Streaming;
using Switchboard.Tests.Shared;

namespace Switchboard.Providers.Anthropic.Tests;

public sealed class AnthropicChatClientTests
{
    private const string Message = """
        {"id":"msg_1","type":"message","role":"assistant","model":"claude-3-5-haiku-20241022",
         "content":[{"type":"text","text":"Hi"}],"stop_reason":"end_turn","stop_sequence":null,
         "usage":{"input_tokens":3,"output_tokens":1}}
        """;

    private const string MessageStream = """
        event: message_start
        data: {"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","model":"claude-3-5-haiku-20241022","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":3,"output_tokens":1}}}

        event: message_stop
        data: {"type":"message_stop"}


        """;

    private readonly RecordingHandler _handler = new();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Send_Http2Provider_SetsTheVersionAndPolicyOnTheRequest(bool stream)
    {
        // HttpClient.DefaultRequestVersion does not reach a request the adapter builds itself; the adapter must set it.
        var provider = Provider() with { HttpVersion = HttpVersion.Version20, HttpVersionPolicy = HttpVersionPolicy.RequestVersionExact };
        using var client = new AnthropicChatClient(new HttpClient(_handler) { DefaultRequestVersion = HttpVersion.Version11 }, provider);

        await SendAsync(client, stream);

        var request = Assert.Single(_handler.Requests);
        Assert.Equal(HttpVersion.Version20, request.Version);
        Assert.Equal(HttpVersionPolicy.RequestVersionExact, request.VersionPolicy);
    }

    [Theory]
    [InlineData(HttpStatusCode.OK, UpstreamErrorKind.InvalidResponse)]
    [InlineData(HttpStatusCode.InternalServerError, UpstreamErrorKind.ServerError)]
    public async Task GetResponse_BodyThatNeverEnds_IsReadOnlyUpToTheLimit(HttpStatusCode status, UpstreamErrorKind kind)
    {
        // An answer stops being read at 64 MiB and an error body at 1 MiB; the error is then reported by its status.
        var endless = new EndlessStream();
        _handler.Respond = () => new HttpResponseMessage(status) { Content = new StreamContent(endless) };
        using var client = new AnthropicChatClient(new HttpClient(_handler), Provider());

        var exception = await Assert.ThrowsAsync<UpstreamException>(
            () => client.GetResponseAsync([new ChatMessage(ChatRole.User, "Hi")], new ChatOptions { ModelId = "claude-3-5-haiku" }));

        Assert.Equal(kind, exception.Kind);
        var limit = status == HttpStatusCode.OK ? UpstreamBodyLimits.MaxAnswerBytes : UpstreamBodyLimits.MaxErrorBytes;
        Assert.InRange(endless.BytesRead, limit, limit + 1);
    }

    [Fact]
    public async Task GetResponse_AnswerBehindAByteOrderMark_IsRead()
    {
        _handler.Body = "\uFEFF" + Message;

        using var client = new AnthropicChatClient(new HttpClient(_handler), Provider());
        var response = await client.GetResponseAsync([new ChatMessage(ChatRole.User, "Hi")], new ChatOptions { ModelId = "claude-3-5-haiku" });

        Assert.Equal("Hi", response.Text);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Send_DefaultProvider_AsksForHttp11OrLower(bool stream)
    {
        using var client = new AnthropicChatClient(new HttpClient(_handler), Provider());

        await SendAsync(client, stream);

        var request = Assert.Single(_handler.Requests);
        Assert.Equal(HttpVersion.Version11, request.Version);
        Assert.Equal(HttpVersionPolicy.RequestVersionOrLower, request.VersionPolicy);
    }

    private async Task SendAsync(AnthropicChatClient client, bool stream)
    {
        var options = new ChatOptions { ModelId = "claude-3-5-haiku-20241022" };
        if (!stream)
        {
            _handler.Body = Message;
            var response = await client.GetResponseAsync([new ChatMessage(ChatRole.User, "Hi")], options);
            Assert.Equal("Hi", response.Text);
            return;
        }

        _handler.Body = MessageStream;
        _handler.MediaType = "text/event-stream";
        await foreach (var _ in client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "Hi")], options))
        {
        }
    }

    private static ProviderDefinition Provider() => new(
        "claude",
        "anthropic",
        new Uri("https://api.anthropic.com/v1"),
        null,
        null,
        TimeSpan.FromSeconds(30),
        new Dictionary<string, string>(),
        [new ModelDefinition("haiku", "claude-3-5-haiku-20241022", null, null, null)]);
}
