using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging.Abstractions;
using Switchboard.Abstractions.Catalog;
using Switchboard.Abstractions.Chat;
using Switchboard.Abstractions.Errors;
using Switchboard.Abstractions.Streaming;
using Switchboard.Providers.OpenAI.Tests.Wire;
using Switchboard.Tests.Shared;

namespace Switchboard.Providers.OpenAI.Tests.Client;

public sealed class OpenAICompatibleChatClientTests
{
    private const string Completion = """
        {"id":"chatcmpl-1","object":"chat.completion","created":1741569952,"model":"gpt-4o-mini-2024-07-18",
         "choices":[{"index":0,"message":{"role":"assistant","content":"Hi there","refusal":null},"logprobs":null,"finish_reason":"stop"}],
         "usage":{"prompt_tokens":19,"completion_tokens":10,"total_tokens":29,"prompt_tokens_details":{"cached_tokens":4},"completion_tokens_details":{"reasoning_tokens":2}}}
        """;

    private readonly StubHandler _handler = new();

    [Theory]
    [InlineData("https://api.example.com/v1", "https://api.example.com/v1/chat/completions")]
    [InlineData("https://api.example.com/v1/", "https://api.example.com/v1/chat/completions")]
    [InlineData("https://open.bigmodel.cn/api/paas/v4", "https://open.bigmodel.cn/api/paas/v4/chat/completions")]
    public async Task GetResponse_PostsToChatCompletionsUnderTheBaseUrl(string baseUrl, string expected)
    {
        _handler.Respond = _ => StubHandler.Json(Completion);
        using var client = CreateClient(baseUrl);

        await client.GetResponseAsync([new ChatMessage(ChatRole.User, "Hi")], new ChatOptions { ModelId = "gpt-4o-mini" });

        var (request, body) = Assert.Single(_handler.Requests);
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal(expected, request.RequestUri!.ToString());
        Assert.Equal("application/json", request.Content!.Headers.ContentType!.MediaType);
        Assert.Equal("gpt-4o-mini", JsonDocument.Parse(body).RootElement.GetProperty("model").GetString());
    }

    [Fact]
    public async Task GetResponse_ReadsTextUsageAndFinishReason()
    {
        _handler.Respond = _ => StubHandler.Json(Completion);
        using var client = CreateClient();

        var response = await client.GetResponseAsync([new ChatMessage(ChatRole.User, "Hi")], new ChatOptions { ModelId = "gpt-4o-mini" });

        Assert.Equal("Hi there", response.Text);
        Assert.Equal("chatcmpl-1", response.ResponseId);
        Assert.Equal("gpt-4o-mini-2024-07-18", response.ModelId);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1741569952), response.CreatedAt);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        Assert.Equal(19, response.Usage!.InputTokenCount);
        Assert.Equal(10, response.Usage.OutputTokenCount);
        Assert.Equal(29, response.Usage.TotalTokenCount);
        Assert.Equal(4, response.Usage.CachedInputTokenCount);
        Assert.Equal(2, response.Usage.ReasoningTokenCount);
    }

    [Fact]
    public async Task GetStreamingResponse_YieldsTextFragmentsToolFragmentsAndUsage()
    {
        _handler.Respond = _ => StubHandler.Sse("""
            : keep-alive

            data: {"id":"c","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}]}

            data: {"id":"c","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"content":"Let me check."},"finish_reason":null}]}

            data: {"id":"c","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"call_1","type":"function","function":{"name":"lookup","arguments":"{\"q\":"}}]},"finish_reason":null}]}

            data: {"id":"c","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"\"订单\"}"}}]},"finish_reason":null}]}

            data: {"id":"c","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{},"finish_reason":"tool_calls"}]}

            data: {"id":"c","object":"chat.completion.chunk","created":1,"model":"m","choices":[],"usage":{"prompt_tokens":5,"completion_tokens":6,"total_tokens":11}}

            data: [DONE]


            """.Replace("\r\n", "\n"));
        using var client = CreateClient();

        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "Hi")], new ChatOptions { ModelId = "m" }))
        {
            updates.Add(update);
        }

        Assert.Equal(6, updates.Count);
        Assert.Equal(ChatRole.Assistant, updates[0].Role);
        Assert.Equal("Let me check.", updates[1].Text);
        var assembler = new StreamingToolCallAssembler();
        foreach (var fragment in updates.SelectMany(u => u.Contents).OfType<FunctionCallUpdateContent>())
        {
            assembler.Add(fragment);
        }

        var call = Assert.Single(assembler.Build());
        Assert.Equal("call_1", call.CallId);
        Assert.Equal("lookup", call.Name);
        Assert.Equal("订单", ((JsonElement)call.Arguments!["q"]!).GetString());
        Assert.Equal(ChatFinishReason.ToolCalls, updates[4].FinishReason);
        Assert.Equal(11, updates[5].Contents.OfType<UsageContent>().Single().Details.TotalTokenCount);

        var body = JsonDocument.Parse(_handler.Requests.Single().Body).RootElement;
        Assert.True(body.GetProperty("stream").GetBoolean());
        Assert.True(body.GetProperty("stream_options").GetProperty("include_usage").GetBoolean());
        Assert.Equal("text/event-stream", _handler.Requests.Single().Request.Headers.Accept.Single().MediaType);
    }

    [Fact]
    public async Task GetStreamingResponse_EndWithoutDone_ThrowsRatherThanTruncateSilently()
    {
        _handler.Respond = _ => StubHandler.Sse("data: {\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"partial\"}}]}\n\n");
        using var client = CreateClient();

        var exception = await Assert.ThrowsAsync<UpstreamException>(async () =>
        {
            await foreach (var _ in client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "Hi")], new ChatOptions { ModelId = "m" }))
            {
            }
        });

        Assert.Equal(UpstreamErrorKind.ServerError, exception.Kind);
        Assert.Contains("before [DONE]", exception.Message);
    }

    [Fact]
    public async Task GetStreamingResponse_ErrorEventMidStream_Throws()
    {
        _handler.Respond = _ => StubHandler.Sse(
            "data: {\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"a\"}}]}\n\n" +
            "data: {\"error\":{\"message\":\"The server is overloaded\",\"type\":\"server_error\"}}\n\n");
        using var client = CreateClient();

        var received = new List<string>();
        var exception = await Assert.ThrowsAsync<UpstreamException>(async () =>
        {
            await foreach (var update in client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "Hi")], new ChatOptions { ModelId = "m" }))
            {
                received.Add(update.Text);
            }
        });

        Assert.Equal(["a"], received);
        Assert.Contains("The server is overloaded", exception.Message);
        Assert.Equal("server_error", exception.UpstreamType);
    }

    [Theory]
    [InlineData(HttpStatusCode.BadRequest, UpstreamErrorKind.InvalidRequest)]
    [InlineData(HttpStatusCode.NotFound, UpstreamErrorKind.InvalidRequest)]
    [InlineData(HttpStatusCode.Unauthorized, UpstreamErrorKind.Authentication)]
    [InlineData(HttpStatusCode.Forbidden, UpstreamErrorKind.Authentication)]
    [InlineData(HttpStatusCode.RequestTimeout, UpstreamErrorKind.Timeout)]
    [InlineData(HttpStatusCode.TooManyRequests, UpstreamErrorKind.RateLimited)]
    [InlineData(HttpStatusCode.InternalServerError, UpstreamErrorKind.ServerError)]
    [InlineData(HttpStatusCode.ServiceUnavailable, UpstreamErrorKind.ServerError)]
    [InlineData((HttpStatusCode)529, UpstreamErrorKind.ServerError)]
    public async Task GetResponse_ErrorStatus_MapsToKindWithUpstreamMessage(HttpStatusCode status, UpstreamErrorKind kind)
    {
        _handler.Respond = _ => StubHandler.Json("""{"error":{"message":"upstream says no","type":"some_type","param":null,"code":"some_code"}}""", status);
        using var client = CreateClient();

        var exception = await Assert.ThrowsAsync<UpstreamException>(
            () => client.GetResponseAsync([new ChatMessage(ChatRole.User, "Hi")], new ChatOptions { ModelId = "m" }));

        Assert.Equal(kind, exception.Kind);
        Assert.Equal((int)status, exception.StatusCode);
        Assert.Equal("test", exception.Provider);
        if (kind == UpstreamErrorKind.Authentication)
        {
            // The upstream's text may echo part of the key: it is replaced by a fixed message.
            Assert.DoesNotContain("upstream says no", exception.Message);
            Assert.Contains("rejected Switchboard's credentials", exception.Message);
        }
        else
        {
            Assert.Contains("upstream says no", exception.Message);
        }
        Assert.Equal("some_type", exception.UpstreamType);
    }

    [Theory]
    [InlineData("""{"error":"model \"llama9\" not found, try pulling it first"}""", "model \"llama9\" not found")] // Ollama
    [InlineData("""{"object":"error","message":"The model `x` does not exist.","type":"NotFoundError","code":404}""", "The model `x` does not exist.")] // vLLM
    [InlineData("""{"detail":"Not Found"}""", "Not Found")]
    [InlineData("<html>Bad Gateway</html>", "HTTP 502")]
    [InlineData("\uFEFF{\"error\":{\"message\":\"Behind a byte-order mark\"}}", "Behind a byte-order mark")]
    public async Task GetResponse_ErrorBodiesOfCompatibleServers_AreRead(string body, string expected)
    {
        _handler.Respond = _ => new HttpResponseMessage(HttpStatusCode.BadGateway) { Content = new StringContent(body) };
        using var client = CreateClient();

        var exception = await Assert.ThrowsAsync<UpstreamException>(
            () => client.GetResponseAsync([new ChatMessage(ChatRole.User, "Hi")], new ChatOptions { ModelId = "m" }));

        Assert.Contains(expected, exception.Message);
    }

    [Fact]
    public async Task GetResponse_RetryAfterSecondsAndDate_AreRead()
    {
        _handler.Respond = _ =>
        {
            var response = StubHandler.Json("""{"error":{"message":"slow down"}}""", HttpStatusCode.TooManyRequests);
            response.Headers.RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromSeconds(7));
            return response;
        };
        using var client = CreateClient();

        var exception = await Assert.ThrowsAsync<UpstreamException>(
            () => client.GetResponseAsync([new ChatMessage(ChatRole.User, "Hi")], new ChatOptions { ModelId = "m" }));

        Assert.Equal(TimeSpan.FromSeconds(7), exception.RetryAfter);
    }

    [Fact]
    public async Task GetResponse_AnswerThatNeverEnds_IsInvalidResponse_AfterTheLimit()
    {
        var endless = new EndlessStream();
        _handler.Respond = _ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(endless) };
        using var client = CreateClient();

        var exception = await Assert.ThrowsAsync<UpstreamException>(
            () => client.GetResponseAsync([new ChatMessage(ChatRole.User, "Hi")], new ChatOptions { ModelId = "m" }));

        Assert.Equal(UpstreamErrorKind.InvalidResponse, exception.Kind);
        Assert.IsType<InvalidDataException>(exception.InnerException);
        Assert.InRange(endless.BytesRead, UpstreamBodyLimits.MaxAnswerBytes, UpstreamBodyLimits.MaxAnswerBytes + 1);
    }

    [Fact]
    public async Task GetResponse_ErrorBodyThatNeverEnds_IsReportedByItsStatus()
    {
        var endless = new EndlessStream();
        _handler.Respond = _ => new HttpResponseMessage(HttpStatusCode.InternalServerError) { Content = new StreamContent(endless) };
        using var client = CreateClient();

        var exception = await Assert.ThrowsAsync<UpstreamException>(
            () => client.GetResponseAsync([new ChatMessage(ChatRole.User, "Hi")], new ChatOptions { ModelId = "m" }));

        Assert.Equal(UpstreamErrorKind.ServerError, exception.Kind);
        Assert.Equal(500, exception.StatusCode);
        Assert.InRange(endless.BytesRead, UpstreamBodyLimits.MaxErrorBytes, UpstreamBodyLimits.MaxErrorBytes + 1);
    }

    [Fact]
    public async Task GetResponse_BodyThatIsNotACompletion_IsInvalidResponse()
    {
        _handler.Respond = _ => StubHandler.Json("""{"unexpected":true}""");
        using var client = CreateClient();

        var exception = await Assert.ThrowsAsync<UpstreamException>(
            () => client.GetResponseAsync([new ChatMessage(ChatRole.User, "Hi")], new ChatOptions { ModelId = "m" }));

        Assert.Equal(UpstreamErrorKind.InvalidResponse, exception.Kind);
    }

    [Theory]
    [InlineData("""{"id":"x","choices":[{"index":0,"message":{"role":"assistant","tool_calls":[{"id":"c1","type":"function"}]},"finish_reason":"tool_calls"}]}""")]
    [InlineData("""{"id":"x","choices":["not an object"]}""")]
    [InlineData("""[1, 2, 3]""")]
    public async Task GetResponse_MisshapenCompletion_IsInvalidResponseNotACrash(string body)
    {
        _handler.Respond = _ => StubHandler.Json(body);
        using var client = CreateClient();

        var exception = await Assert.ThrowsAsync<UpstreamException>(
            () => client.GetResponseAsync([new ChatMessage(ChatRole.User, "Hi")], new ChatOptions { ModelId = "m" }));

        Assert.Equal(UpstreamErrorKind.InvalidResponse, exception.Kind);
    }

    [Fact]
    public async Task GetResponse_MillisecondTimestamp_IsIgnoredNotFatal()
    {
        _handler.Respond = _ => StubHandler.Json("""{"id":"x","created":1719000000000,"choices":[{"index":0,"message":{"role":"assistant","content":"ok"},"finish_reason":"stop"}]}""");
        using var client = CreateClient();

        var response = await client.GetResponseAsync([new ChatMessage(ChatRole.User, "Hi")], new ChatOptions { ModelId = "m" });

        Assert.Equal("ok", response.Text);
        Assert.Null(response.CreatedAt);
    }

    [Fact]
    public async Task GetResponse_ConnectionFailure_IsUnreachable()
    {
        _handler.Respond = _ => throw new HttpRequestException("Connection refused");
        using var client = CreateClient();

        var exception = await Assert.ThrowsAsync<UpstreamException>(
            () => client.GetResponseAsync([new ChatMessage(ChatRole.User, "Hi")], new ChatOptions { ModelId = "m" }));

        Assert.Equal(UpstreamErrorKind.Unreachable, exception.Kind);
    }

    [Fact]
    public async Task GetResponse_CallerCancellation_IsNotReportedAsTimeout()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        using var client = CreateClient();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => client.GetResponseAsync([new ChatMessage(ChatRole.User, "Hi")], new ChatOptions { ModelId = "m" }, cts.Token));
    }

    [Fact]
    public async Task Factory_SendsBearerKeyAndConfiguredHeaders()
    {
        await using var upstream = await LoopbackCapture.StartAsync(Completion);
        var provider = Provider(upstream.BaseUrl) with
        {
            ApiKey = "sk-secret",
            ApiKeyEnvironmentVariable = "KEY",
            Headers = new Dictionary<string, string> { ["HTTP-Referer"] = "https://switchboard.local" },
        };
        using var client = new OpenAICompatibleProviderFactory().Create(provider);

        var response = await client.GetResponseAsync([new ChatMessage(ChatRole.User, "Hi")], new ChatOptions { ModelId = "m" });

        Assert.Equal("Hi there", response.Text);
        Assert.Equal("Bearer sk-secret", upstream.Headers["Authorization"]);
        Assert.Equal("https://switchboard.local", upstream.Headers["HTTP-Referer"]);
        Assert.StartsWith("Switchboard/", upstream.Headers["User-Agent"]);
    }

    [Fact]
    public async Task Factory_ApiKeyHeader_SendsTheKeyThereInsteadOfBearer()
    {
        await using var upstream = await LoopbackCapture.StartAsync(Completion);
        var provider = Provider(upstream.BaseUrl) with { ApiKey = "azure-secret", ApiKeyEnvironmentVariable = "KEY", ApiKeyHeader = "api-key" };
        using var client = new OpenAICompatibleProviderFactory().Create(provider);

        await client.GetResponseAsync([new ChatMessage(ChatRole.User, "Hi")], new ChatOptions { ModelId = "m" });

        Assert.Equal("azure-secret", upstream.Headers["api-key"]);
        Assert.False(upstream.Headers.ContainsKey("Authorization"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Send_Http2Provider_SetsTheVersionAndPolicyOnTheRequest(bool stream)
    {
        // HttpClient.DefaultRequestVersion does not reach a request the adapter builds itself; the adapter must set it.
        _handler.Respond = _ => stream ? StubHandler.Sse("data: [DONE]\n\n") : StubHandler.Json(Completion);
        var provider = Provider() with { HttpVersion = HttpVersion.Version20, HttpVersionPolicy = HttpVersionPolicy.RequestVersionExact };
        using var client = new OpenAICompatibleChatClient(
            new HttpClient(_handler) { DefaultRequestVersion = HttpVersion.Version11 }, provider, NullLogger.Instance);

        await SendAsync(client, stream);

        var (request, _) = Assert.Single(_handler.Requests);
        Assert.Equal(HttpVersion.Version20, request.Version);
        Assert.Equal(HttpVersionPolicy.RequestVersionExact, request.VersionPolicy);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Send_DefaultProvider_AsksForHttp11OrLower(bool stream)
    {
        _handler.Respond = _ => stream ? StubHandler.Sse("data: [DONE]\n\n") : StubHandler.Json(Completion);
        using var client = CreateClient();

        await SendAsync(client, stream);

        var (request, _) = Assert.Single(_handler.Requests);
        Assert.Equal(HttpVersion.Version11, request.Version);
        Assert.Equal(HttpVersionPolicy.RequestVersionOrLower, request.VersionPolicy);
    }

    [Fact]
    public void GetService_ReturnsMetadataNamingTheProvider()
    {
        using var client = CreateClient();

        var metadata = client.GetService<ChatClientMetadata>();

        Assert.Equal("test", metadata!.ProviderName);
        Assert.Same(client, client.GetService<IChatClient>());
    }

    private static ProviderDefinition Provider(string baseUrl = "https://api.example.com/v1") => new(
        "test",
        "openai",
        new Uri(baseUrl),
        null,
        null,
        TimeSpan.FromSeconds(30),
        new Dictionary<string, string>(),
        [new ModelDefinition("m", "m", null, null, null)]);

    private static async Task SendAsync(OpenAICompatibleChatClient client, bool stream)
    {
        var options = new ChatOptions { ModelId = "m" };
        if (!stream)
        {
            await client.GetResponseAsync([new ChatMessage(ChatRole.User, "Hi")], options);
            return;
        }

        await foreach (var _ in client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "Hi")], options))
        {
        }
    }

    private OpenAICompatibleChatClient CreateClient(string baseUrl = "https://api.example.com/v1") =>
        new(new HttpClient(_handler), Provider(baseUrl), NullLogger.Instance);
}
