using System.Net;
using System.Text.Json;
using Switchboard.Server.Tests.Infrastructure;

namespace Switchboard.Server.Tests.OpenAI;

public sealed class ChatCompletionsTests : ServerTestBase
{
    private const string Hello = """{"model":"mock:gpt-4o-mini","messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"Hello"}]}""";

    [Fact]
    public async Task NonStreaming_ReturnsCompletionWithResolvedModelAndUsage()
    {
        using var response = await PostChatAsync(Hello);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await ReadJsonAsync(response);
        Assert.Equal("chat.completion", body.GetProperty("object").GetString());
        Assert.Equal("chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT", body.GetProperty("id").GetString());
        Assert.Equal("mock:gpt-4o-mini", body.GetProperty("model").GetString());
        var choice = body.GetProperty("choices")[0];
        Assert.Equal("assistant", choice.GetProperty("message").GetProperty("role").GetString());
        Assert.Equal("Hello! How can I assist you today?", choice.GetProperty("message").GetProperty("content").GetString());
        Assert.Equal("stop", choice.GetProperty("finish_reason").GetString());
        Assert.Equal(19, body.GetProperty("usage").GetProperty("prompt_tokens").GetInt32());
        Assert.Equal(10, body.GetProperty("usage").GetProperty("completion_tokens").GetInt32());
        Assert.Equal(29, body.GetProperty("usage").GetProperty("total_tokens").GetInt32());
        Assert.Equal("mock", response.Headers.GetValues("x-switchboard-provider").Single());
        Assert.Equal("mock:gpt-4o-mini", response.Headers.GetValues("x-switchboard-model").Single());

        // The upstream got its own model id and the conversation as sent.
        var sent = Assert.Single(Upstream.Requests);
        Assert.Equal("gpt-4o-mini", sent.GetProperty("model").GetString());
        Assert.Equal("system", sent.GetProperty("messages")[0].GetProperty("role").GetString());
        Assert.Equal("Hello", sent.GetProperty("messages")[1].GetProperty("content").GetString());
        Assert.False(sent.TryGetProperty("stream", out _));
    }

    [Fact]
    public async Task NonStreaming_ARefusal_StaysInTheRefusalField()
    {
        Upstream.Handler = FakeOpenAIUpstream.Json("""
            {"id":"chatcmpl-r","object":"chat.completion","created":1700000000,"model":"gpt-4o-mini",
             "choices":[{"index":0,"message":{"role":"assistant","content":null,"refusal":"I'm sorry, I can't help with that."},"finish_reason":"stop"}],
             "usage":{"prompt_tokens":9,"completion_tokens":8,"total_tokens":17}}
            """);

        using var response = await PostChatAsync(Hello);

        var message = (await ReadJsonAsync(response)).GetProperty("choices")[0].GetProperty("message");
        Assert.Equal(JsonValueKind.Null, message.GetProperty("content").ValueKind);
        Assert.Equal("I'm sorry, I can't help with that.", message.GetProperty("refusal").GetString());
    }

    [Fact]
    public async Task Streaming_ARefusal_IsForwardedAsRefusalDeltas()
    {
        Upstream.Handler = FakeOpenAIUpstream.Sse(
        [
            """data: {"id":"chatcmpl-r","object":"chat.completion.chunk","created":1700000000,"model":"gpt-4o-mini","choices":[{"index":0,"delta":{"role":"assistant","content":null,"refusal":""},"finish_reason":null}]}""",
            """data: {"id":"chatcmpl-r","object":"chat.completion.chunk","created":1700000000,"model":"gpt-4o-mini","choices":[{"index":0,"delta":{"refusal":"I'm sorry, "},"finish_reason":null}]}""",
            """data: {"id":"chatcmpl-r","object":"chat.completion.chunk","created":1700000000,"model":"gpt-4o-mini","choices":[{"index":0,"delta":{"refusal":"I can't help with that."},"finish_reason":null}]}""",
            """data: {"id":"chatcmpl-r","object":"chat.completion.chunk","created":1700000000,"model":"gpt-4o-mini","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}""",
            "data: [DONE]",
        ]);

        using var response = await PostChatAsync(
            """{"model":"mock:gpt-4o-mini","stream":true,"messages":[{"role":"user","content":"Hello"}]}""",
            HttpCompletionOption.ResponseHeadersRead);

        var deltas = (await SseParser.ReadAllAsync(response)).SkipLast(1)
            .Select(e => e.Json.GetProperty("choices")[0].GetProperty("delta")).ToList();
        Assert.Equal("I'm sorry, I can't help with that.", string.Concat(deltas.Select(d => d.TryGetProperty("refusal", out var r) ? r.GetString() : null)));
        Assert.DoesNotContain(deltas, d => d.TryGetProperty("content", out _));
    }

    [Theory]
    [InlineData("mock:gpt-4o-mini", "gpt-4o-mini", "mock:gpt-4o-mini")]
    [InlineData("mock/gpt-4o-mini", "gpt-4o-mini", "mock:gpt-4o-mini")]
    [InlineData("mock-chat", "upstream-chat-v2", "mock:mock-chat")]
    [InlineData("slow/slow-model", "slow-model", "slow:slow-model")]
    public async Task ModelNames_ResolveToCatalogEntry(string requested, string upstreamId, string canonical)
    {
        using var response = await PostChatAsync($$"""{"model":"{{requested}}","messages":[{"role":"user","content":"hi"}]}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(canonical, (await ReadJsonAsync(response)).GetProperty("model").GetString());
        Assert.Equal(upstreamId, Upstream.Requests.Last().GetProperty("model").GetString());
    }

    [Fact]
    public async Task UpstreamWithoutUsage_ReportsNoUsageRatherThanZero()
    {
        Upstream.Handler = FakeOpenAIUpstream.Json("""
            {"id":"x","object":"chat.completion","created":1,"model":"m","choices":[{"index":0,"message":{"role":"assistant","content":"hi"},"finish_reason":"stop"}]}
            """);

        using var response = await PostChatAsync(Hello);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False((await ReadJsonAsync(response)).TryGetProperty("usage", out _));
    }

    [Fact]
    public async Task UnknownModel_Returns404ModelNotFound()
    {
        using var response = await PostChatAsync("""{"model":"mock:nope","messages":[{"role":"user","content":"hi"}]}""");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var body = await ReadJsonAsync(response);
        AssertOpenAIError(body, "invalid_request_error");
        Assert.Equal("model_not_found", body.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal("model", body.GetProperty("error").GetProperty("param").GetString());
        Assert.Empty(Upstream.Requests);
    }

    [Fact]
    public async Task Streaming_ForwardsChunksInOrderThenUsageThenDone()
    {
        Upstream.Handler = FakeOpenAIUpstream.Sse(Fixture.SseEvents("openai/stream_text.sse"));

        using var response = await PostChatAsync(
            """{"model":"mock:gpt-4o-mini","stream":true,"stream_options":{"include_usage":true},"messages":[{"role":"user","content":"Hello"}]}""",
            HttpCompletionOption.ResponseHeadersRead);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", ContentType(response)?.MediaType);
        var events = await SseParser.ReadAllAsync(response);
        Assert.Equal("[DONE]", events[^1].Data);
        var chunks = events.SkipLast(1).Select(e => e.Json).ToList();
        Assert.All(chunks, c => Assert.Equal("chat.completion.chunk", c.GetProperty("object").GetString()));
        Assert.All(chunks, c => Assert.Equal("mock:gpt-4o-mini", c.GetProperty("model").GetString()));
        Assert.Single(chunks.Select(c => c.GetProperty("id").GetString()).Distinct());
        Assert.Equal("assistant", chunks[0].GetProperty("choices")[0].GetProperty("delta").GetProperty("role").GetString());

        var text = string.Concat(chunks
            .Where(c => c.GetProperty("choices").GetArrayLength() > 0)
            .Select(c => c.GetProperty("choices")[0].GetProperty("delta"))
            .Select(d => d.TryGetProperty("content", out var content) ? content.GetString() : string.Empty));
        Assert.Equal("Hello there, 你好!", text);

        var finish = chunks.Where(c => c.GetProperty("choices").GetArrayLength() > 0)
            .Select(c => c.GetProperty("choices")[0].GetProperty("finish_reason"))
            .Where(f => f.ValueKind == JsonValueKind.String).Select(f => f.GetString()).ToList();
        Assert.Equal(["stop"], finish);

        // The usage chunk comes last, with no choices; every chunk before it says "usage": null, as OpenAI's do.
        Assert.All(chunks.SkipLast(1), c => Assert.Equal(JsonValueKind.Null, c.GetProperty("usage").ValueKind));
        var usageChunk = chunks[^1];
        Assert.Equal(0, usageChunk.GetProperty("choices").GetArrayLength());
        Assert.Equal(9, usageChunk.GetProperty("usage").GetProperty("prompt_tokens").GetInt32());
        Assert.Equal(4, usageChunk.GetProperty("usage").GetProperty("completion_tokens").GetInt32());
        Assert.Equal(13, usageChunk.GetProperty("usage").GetProperty("total_tokens").GetInt32());

        // Switchboard always asks the upstream for usage, to record it.
        var sent = Assert.Single(Upstream.Requests);
        Assert.True(sent.GetProperty("stream").GetBoolean());
        Assert.True(sent.GetProperty("stream_options").GetProperty("include_usage").GetBoolean());
    }

    [Fact]
    public async Task Streaming_WithoutIncludeUsage_SendsNoUsageChunk()
    {
        Upstream.Handler = FakeOpenAIUpstream.Sse(Fixture.SseEvents("openai/stream_text.sse"));

        using var response = await PostChatAsync(
            """{"model":"mock:gpt-4o-mini","stream":true,"messages":[{"role":"user","content":"Hello"}]}""",
            HttpCompletionOption.ResponseHeadersRead);
        var events = await SseParser.ReadAllAsync(response);

        Assert.Equal("[DONE]", events[^1].Data);
        Assert.DoesNotContain(events.SkipLast(1), e => e.Json.TryGetProperty("usage", out _));
        Assert.All(events.SkipLast(1), e => Assert.Equal(1, e.Json.GetProperty("choices").GetArrayLength()));
    }

    [Fact]
    public async Task Streaming_ForwardsEachChunkBeforeTheUpstreamSendsTheNext()
    {
        // The upstream holds its second chunk until the client has seen the first: a buffering gateway would deadlock
        // here and fail on the read timeout.
        var firstChunkSeen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Upstream.Handler = FakeOpenAIUpstream.Sse(
            Fixture.SseEvents("openai/stream_text.sse"),
            beforeEvent: i => i == 2 ? firstChunkSeen.Task.WaitAsync(TimeSpan.FromSeconds(20)) : Task.CompletedTask);

        using var response = await PostChatAsync(
            """{"model":"mock:gpt-4o-mini","stream":true,"messages":[{"role":"user","content":"Hello"}]}""",
            HttpCompletionOption.ResponseHeadersRead);
        using var parser = new SseParser(await response.Content.ReadAsStreamAsync());
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));

        SseEvent? withText = null;
        while (withText is null && await parser.NextAsync(timeout.Token) is { } e)
        {
            if (e.Json.GetProperty("choices")[0].GetProperty("delta").TryGetProperty("content", out var c) && c.GetString() == "Hello")
            {
                withText = e;
            }
        }

        Assert.NotNull(withText);
        firstChunkSeen.SetResult();
        var rest = new List<SseEvent>();
        while (await parser.NextAsync(timeout.Token) is { } e)
        {
            rest.Add(e);
        }

        Assert.Equal("[DONE]", rest[^1].Data);
    }

    [Fact]
    public async Task ClientDisconnect_CancelsTheUpstreamCall()
    {
        var never = new TaskCompletionSource();
        Upstream.Handler = FakeOpenAIUpstream.Sse(
            Fixture.SseEvents("openai/stream_text.sse"),
            beforeEvent: i => i == 2 ? never.Task : Task.CompletedTask);

        using (var cts = new CancellationTokenSource())
        {
            var response = await PostChatAsync(
                """{"model":"mock:gpt-4o-mini","stream":true,"messages":[{"role":"user","content":"Hello"}]}""",
                HttpCompletionOption.ResponseHeadersRead,
                cts.Token);
            using var parser = new SseParser(await response.Content.ReadAsStreamAsync(cts.Token));
            Assert.NotNull(await parser.NextAsync(cts.Token));
            cts.Cancel();
            response.Dispose();
        }

        await Upstream.RequestAborted.Task.WaitAsync(TimeSpan.FromSeconds(15));
    }

    [Fact]
    public async Task ModelsEndpoint_ListsCatalogWithPrices()
    {
        using var response = await Client.GetAsync("/v1/models");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await ReadJsonAsync(response);
        Assert.Equal("list", body.GetProperty("object").GetString());
        var models = body.GetProperty("data").EnumerateArray().ToDictionary(m => m.GetProperty("id").GetString()!);
        Assert.Contains("mock:mock-chat", models.Keys);
        Assert.Contains("slow:slow-model", models.Keys);
        var mini = models["mock:gpt-4o-mini"];
        Assert.Equal("model", mini.GetProperty("object").GetString());
        Assert.Equal("mock", mini.GetProperty("owned_by").GetString());
        Assert.Equal(128000, mini.GetProperty("context_window").GetInt32());
        Assert.Equal(0.15m, mini.GetProperty("pricing").GetProperty("input_per_million").GetDecimal());
        Assert.False(models["mock:mock-chat"].TryGetProperty("pricing", out _));
    }

    [Fact]
    public async Task UnknownV1Route_ReturnsOpenAIError()
    {
        using var response = await Client.GetAsync("/v1/nothing-here");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        AssertOpenAIError(await ReadJsonAsync(response), "invalid_request_error");
    }
}
