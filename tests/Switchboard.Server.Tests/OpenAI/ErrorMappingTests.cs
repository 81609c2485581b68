using System.Net;
using System.Text;
using System.Text.Json;
using Switchboard.Server.Tests.Infrastructure;

using static Switchboard.Server.Tests.Infrastructure.CliRunner;

namespace Switchboard.Server.Tests.OpenAI;

public sealed class ErrorMappingTests : ServerTestBase
{
    private const string Hello = """{"model":"mock:gpt-4o-mini","messages":[{"role":"user","content":"Hello"}]}""";
    private const string HelloStream = """{"model":"mock:gpt-4o-mini","stream":true,"messages":[{"role":"user","content":"Hello"}]}""";

    [Fact]
    public async Task Upstream429_Returns429WithRetryAfter()
    {
        Upstream.Handler = FakeOpenAIUpstream.Json(Fixture.Read("openai/error_rate_limit.json"), 429, retryAfter: "20");

        using var response = await PostChatAsync(Hello);

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(20), response.Headers.RetryAfter?.Delta);
        var body = await ReadJsonAsync(response);
        AssertOpenAIError(body, "rate_limit_error");
        Assert.Contains("Rate limit reached", body.GetProperty("error").GetProperty("message").GetString());
        Assert.Contains("'mock'", body.GetProperty("error").GetProperty("message").GetString());
    }

    [Fact]
    public async Task Upstream429WithAnUndecodableMessage_IsStillARateLimit()
    {
        Upstream.Handler = FakeOpenAIUpstream.Json("""{"error":{"message":"slow down \ud800","type":"rate_limit_error"}}""", 429, retryAfter: "7");

        using var response = await PostChatAsync(Hello);

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(7), response.Headers.RetryAfter?.Delta);
        AssertOpenAIError(await ReadJsonAsync(response), "rate_limit_error");
    }

    [Fact]
    public async Task Upstream503_IsOverloadedWithItsRetryAfter()
    {
        Upstream.Handler = FakeOpenAIUpstream.Json("""{"error":{"message":"The engine is currently overloaded, please try again later","type":"server_error"}}""", 503, retryAfter: "9");

        using var response = await PostChatAsync(Hello);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(9), response.Headers.RetryAfter?.Delta);
        var body = await ReadJsonAsync(response);
        AssertOpenAIError(body, "upstream_error");
        Assert.Equal("upstream_overloaded", body.GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task Upstream500_Returns502()
    {
        Upstream.Handler = FakeOpenAIUpstream.Json(Fixture.Read("openai/error_server.json"), 500);

        using var response = await PostChatAsync(Hello);

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        var body = await ReadJsonAsync(response);
        AssertOpenAIError(body, "upstream_error");
        Assert.Equal("upstream_server_error", body.GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task UpstreamTimeout_Returns504()
    {
        Upstream.Handler = async context => await Task.Delay(TimeSpan.FromSeconds(30), context.RequestAborted);

        using var response = await PostChatAsync("""{"model":"slow:slow-model","messages":[{"role":"user","content":"Hello"}]}""");

        Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
        var body = await ReadJsonAsync(response);
        AssertOpenAIError(body, "timeout_error");
        Assert.Contains("1 s", body.GetProperty("error").GetProperty("message").GetString());
    }

    [Fact]
    public async Task UpstreamUnreachable_Returns502()
    {
        await using var factory = new SwitchboardFactory(Upstream, settings: new Dictionary<string, string?>
        {
            // A port nothing listens on: bind one, note it, release it.
            ["Switchboard:Providers:mock:BaseUrl"] = $"http://127.0.0.1:{FreePort()}/v1",
        });
        using var client = factory.CreateClient();

        using var response = await client.PostAsync("/v1/chat/completions", JsonBody(Hello));

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal("upstream_unreachable", (await ReadJsonAsync(response)).GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task StreamingFailureBeforeFirstChunk_IsAPlainHttpError()
    {
        Upstream.Handler = FakeOpenAIUpstream.Json(Fixture.Read("openai/error_server.json"), 500);

        using var response = await PostChatAsync(HelloStream, HttpCompletionOption.ResponseHeadersRead);

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal("application/json", ContentType(response)?.MediaType);
        AssertOpenAIError(await ReadJsonAsync(response), "upstream_error");
    }

    [Fact]
    public async Task StreamingFailureMidStream_EndsWithErrorEventAndNoDone()
    {
        Upstream.Handler = FakeOpenAIUpstream.Sse(Fixture.SseEvents("openai/stream_text.sse"), endBefore: 3);

        using var response = await PostChatAsync(HelloStream, HttpCompletionOption.ResponseHeadersRead);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var events = await SseParser.ReadAllAsync(response);
        Assert.DoesNotContain(events, e => e.Data == "[DONE]");
        var last = events[^1].Json;
        AssertOpenAIError(last, "upstream_error");
        var text = string.Concat(events.SkipLast(1).Select(e => e.Json.GetProperty("choices")[0].GetProperty("delta"))
            .Select(d => d.TryGetProperty("content", out var c) ? c.GetString() : string.Empty));
        Assert.Equal("Hello there", text);
    }

    [Theory]
    [InlineData("{bad json", null, "invalid_json")]
    [InlineData("[]", null, null)]
    [InlineData("""{"messages":[{"role":"user","content":"hi"}]}""", "model", null)]
    [InlineData("""{"model":5,"messages":[{"role":"user","content":"hi"}]}""", "model", null)]
    [InlineData("""{"model":"mock:gpt-4o-mini"}""", "messages", null)]
    [InlineData("""{"model":"mock:gpt-4o-mini","messages":[]}""", "messages", null)]
    [InlineData("""{"model":"mock:gpt-4o-mini","messages":"hello"}""", "messages", null)]
    [InlineData("""{"model":"mock:gpt-4o-mini","messages":[{"content":"hi"}]}""", "messages[0].role", null)]
    [InlineData("""{"model":"mock:gpt-4o-mini","messages":[{"role":"wizard","content":"hi"}]}""", "messages[0].role", null)]
    [InlineData("""{"model":"mock:gpt-4o-mini","messages":[{"role":"user"}]}""", "messages[0].content", null)]
    [InlineData("""{"model":"mock:gpt-4o-mini","messages":[{"role":"user","content":42}]}""", "messages[0].content", null)]
    [InlineData("""{"model":"mock:gpt-4o-mini","messages":[{"role":"tool","content":"x"}]}""", "messages[0].tool_call_id", null)]
    [InlineData("""{"model":"mock:gpt-4o-mini","messages":[{"role":"user","content":"hi"}],"temperature":"hot"}""", "temperature", null)]
    [InlineData("""{"model":"mock:gpt-4o-mini","messages":[{"role":"user","content":"hi"}],"temperature":7}""", "temperature", null)]
    [InlineData("""{"model":"mock:gpt-4o-mini","messages":[{"role":"user","content":"hi"}],"max_tokens":-1}""", "max_tokens", null)]
    [InlineData("""{"model":"mock:gpt-4o-mini","messages":[{"role":"user","content":"hi"}],"stream":"yes"}""", "stream", null)]
    [InlineData("""{"model":"mock:gpt-4o-mini","messages":[{"role":"user","content":"hi"}],"tools":[{"type":"function"}]}""", "tools[0].function", null)]
    [InlineData("""{"model":"mock:gpt-4o-mini","messages":[{"role":"user","content":"hi"}],"tools":[{"type":"function","function":{"name":"bad name!"}}]}""", "tools[0].function.name", null)]
    [InlineData("""{"model":"mock:gpt-4o-mini","messages":[{"role":"user","content":"hi"}],"tools":[{"type":"function","function":{"name":"lookup\n"}}]}""", "tools[0].function.name", null)]
    [InlineData("""{"model":"mock:gpt-4o-mini","messages":[{"role":"user","content":"hi"}],"tool_choice":"sometimes"}""", "tool_choice", null)]
    [InlineData("""{"model":"mock:gpt-4o-mini","messages":[{"role":"user","content":"hi"}],"n":3}""", "n", "unsupported_parameter")]
    [InlineData("""{"model":"mock:gpt-4o-mini","messages":[{"role":"user","content":"hi"}],"logprobs":true}""", "logprobs", "unsupported_parameter")]
    [InlineData("""{"model":"mock:gpt-4o-mini","messages":[{"role":"user","content":"hi"}],"logprobs":false,"top_logprobs":3}""", "top_logprobs", "unsupported_parameter")]
    [InlineData("""{"model":"mock:gpt-4o-mini","messages":[{"role":"user","content":"hi"}],"logprobs":"yes"}""", "logprobs", null)]
    [InlineData("""{"model":"mock:gpt-4o-mini","messages":[{"role":"user","content":"\ud800"}]}""", null, "invalid_json")]
    [InlineData("""{"model":"mock:gpt-4o-mini","messages":[{"role":"user","content":"hi"}],"user":"\ud800"}""", null, "invalid_json")]
    [InlineData("""{"model":"mock:gpt-4o-mini","messages":[{"role":"user","content":"hi"}],"logit_bias":{"\udc00x":1}}""", null, "invalid_json")]
    [InlineData("""{"model":"mock:gpt-4o-mini","messages":[{"role":"user","content":"hi"}],"tools":[{"type":"function","function":{"name":"f","parameters":{"type":"object","description":"\ud800"}}}]}""", null, "invalid_json")]
    [InlineData("""{"model":"mock:gpt-4o-mini","messages":[{"role":"user","content":[{"type":"input_audio","input_audio":{"data":"\ud83d","format":"wav"}}]}]}""", null, "invalid_json")]
    [InlineData("""{"model":"mock:gpt-4o-mini","messages":[{"role":"user","content":"hi"}],"tool_choice":{"type":"function","function":{"name":""}}}""", "tool_choice.function.name", null)]
    [InlineData("""{"model":"mock:gpt-4o-mini","messages":[{"role":"user","content":"hi"}],"tool_choice":{"type":"function","function":{"name":" "}}}""", "tool_choice.function.name", null)]
    public async Task MalformedRequests_Return400NamingTheField(string body, string? param, string? code)
    {
        using var response = await PostChatAsync(body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var json = await ReadJsonAsync(response);
        AssertOpenAIError(json, "invalid_request_error");
        var error = json.GetProperty("error");
        if (param is null)
        {
            Assert.Equal(JsonValueKind.Null, error.GetProperty("param").ValueKind);
        }
        else
        {
            Assert.Equal(param, error.GetProperty("param").GetString());
        }

        if (code is not null)
        {
            Assert.Equal(code, error.GetProperty("code").GetString());
        }

        Assert.Empty(Upstream.Requests);
    }

    [Fact]
    public async Task OversizedBody_Returns413()
    {
        var big = new string('x', 1024 * 1024 + 10);
        using var response = await PostChatAsync($$"""{"model":"mock:gpt-4o-mini","messages":[{"role":"user","content":"{{big}}"}]}""");

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var body = await ReadJsonAsync(response);
        AssertOpenAIError(body, "invalid_request_error");
        Assert.Equal("request_too_large", body.GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task OversizedChunkedBody_Returns413()
    {
        // No Content-Length: the limit must hold while reading, not only on the header.
        var big = Encoding.UTF8.GetBytes($$"""{"model":"mock:gpt-4o-mini","messages":[{"role":"user","content":"{{new string('y', 1_100_000)}}"}]}""");
        using var content = new StreamContent(new NonSeekableStream(big));
        content.Headers.ContentType = new("application/json");
        using var response = await Client.PostAsync("/v1/chat/completions", content);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        AssertOpenAIError(await ReadJsonAsync(response), "invalid_request_error");
    }

    [Fact]
    public async Task WrongContentType_Returns415InOpenAIFormat()
    {
        using var response = await Client.PostAsync("/v1/chat/completions", new StringContent(Hello, Encoding.UTF8, "text/plain"));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        AssertOpenAIError(await ReadJsonAsync(response), "invalid_request_error");
    }

    private sealed class NonSeekableStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;
    }
}
