using System.Net;
using System.Text.Json;
using Switchboard.Server.Tests.Infrastructure;

namespace Switchboard.Server.Tests.Anthropic;

/// <summary>OpenAI-format requests served by an Anthropic Messages upstream: translation both ways, streamed and not.</summary>
public sealed class AnthropicUpstreamTests : ServerTestBase
{
    private const string Tools = """
        "tools":[
          {"type":"function","function":{"name":"get_weather","description":"Weather","parameters":{"type":"object","properties":{"location":{"type":"string"}},"required":["location"]}}},
          {"type":"function","function":{"name":"get_time","parameters":{"type":"object","properties":{"tz":{"type":"string"}}}}}
        ]
        """;

    [Fact]
    public async Task CacheControlOnOpenAIContentParts_ReachesTheAnthropicUpstream()
    {
        // OpenAI-format clients of Claude mark prompt-cache breakpoints on content parts; they reach the same blocks.
        Upstream.Handler = FakeOpenAIUpstream.Json(Fixture.Read("anthropic/message.json"));

        using var response = await PostChatAsync("""
            {"model":"claude:sonnet","messages":[
              {"role":"system","content":[{"type":"text","text":"You are the support desk."},{"type":"text","text":"<the policy manual>","cache_control":{"type":"ephemeral"}}]},
              {"role":"user","content":[{"type":"text","text":"<a long document>","cache_control":{"type":"ephemeral","ttl":"1h"}},{"type":"text","text":"Summarise it."}]}]}
            """);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var sent = Upstream.Requests.Single();
        var system = sent.GetProperty("system");
        Assert.Equal("You are the support desk.", system[0].GetProperty("text").GetString());
        Assert.False(system[0].TryGetProperty("cache_control", out _));
        Assert.Equal("ephemeral", system[1].GetProperty("cache_control").GetProperty("type").GetString());
        var content = sent.GetProperty("messages")[0].GetProperty("content");
        Assert.Equal("1h", content[0].GetProperty("cache_control").GetProperty("ttl").GetString());
        Assert.False(content[1].TryGetProperty("cache_control", out _));
    }

    [Fact]
    public async Task CacheControlThatIsNotAnObject_Is400NamingThePart()
    {
        using var response = await PostChatAsync("""{"model":"claude:sonnet","messages":[{"role":"user","content":[{"type":"text","text":"hi","cache_control":true}]}]}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("messages[0].content[0].cache_control", (await ReadJsonAsync(response)).GetProperty("error").GetProperty("param").GetString());
    }

    [Fact]
    public async Task NonStreaming_TextAndUsage_TranslateToOpenAI()
    {
        Upstream.Handler = FakeOpenAIUpstream.Json(Fixture.Read("anthropic/message.json"));

        using var response = await PostChatAsync("""
            {"model":"claude:sonnet","messages":[{"role":"system","content":"Be brief."},{"role":"developer","content":"Answer in English."},{"role":"user","content":"Hi"}],"temperature":0.3,"stop":["END"]}
            """);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await ReadJsonAsync(response);
        Assert.Equal("claude:sonnet", body.GetProperty("model").GetString());
        Assert.Equal("msg_013Zva2CMHLNnXjNJJKqJ2EF", body.GetProperty("id").GetString());
        Assert.Equal("Hi! My name is Claude.", body.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString());
        Assert.Equal("stop", body.GetProperty("choices")[0].GetProperty("finish_reason").GetString());
        var usage = body.GetProperty("usage");
        Assert.Equal(2095 + 1800, usage.GetProperty("prompt_tokens").GetInt32()); // input includes cache reads
        Assert.Equal(1800, usage.GetProperty("prompt_tokens_details").GetProperty("cached_tokens").GetInt32());
        Assert.Equal(503, usage.GetProperty("completion_tokens").GetInt32());

        // The request went to the Messages API in its own format.
        Assert.Equal("/v1/messages", Upstream.Paths.Single());
        var headers = Upstream.Headers.Single();
        Assert.Equal("2023-06-01", headers["anthropic-version"]);
        Assert.Equal("test-anthropic-key", headers["x-api-key"]);
        var sent = Upstream.Requests.Single();
        Assert.Equal("claude-3-5-sonnet-20241022", sent.GetProperty("model").GetString());
        Assert.Equal(4096, sent.GetProperty("max_tokens").GetInt32());
        Assert.Equal("Be brief.\n\nAnswer in English.", sent.GetProperty("system").GetString());
        var messages = sent.GetProperty("messages");
        Assert.Equal(1, messages.GetArrayLength());
        Assert.Equal("user", messages[0].GetProperty("role").GetString());
        Assert.Equal("Hi", messages[0].GetProperty("content")[0].GetProperty("text").GetString());
        Assert.Equal(0.3, sent.GetProperty("temperature").GetDouble(), 6);
        Assert.Equal("END", sent.GetProperty("stop_sequences")[0].GetString());
    }

    [Fact]
    public async Task NonStreaming_ParallelToolUse_BecomesOpenAIToolCalls()
    {
        Upstream.Handler = FakeOpenAIUpstream.Json(Fixture.Read("anthropic/message_tool_use.json"));

        using var response = await PostChatAsync($$"""
            {"model":"claude:sonnet","max_tokens":300,"messages":[{"role":"user","content":"Weather in SF and Beijing?"}], {{Tools}},
             "tool_choice":"required","parallel_tool_calls":true}
            """);

        var choice = (await ReadJsonAsync(response)).GetProperty("choices")[0];
        Assert.Equal("tool_calls", choice.GetProperty("finish_reason").GetString());
        var message = choice.GetProperty("message");
        Assert.Equal("I'll check the weather in both cities.", message.GetProperty("content").GetString());
        var calls = message.GetProperty("tool_calls");
        Assert.Equal(2, calls.GetArrayLength());
        Assert.Equal("toolu_01A09q90qw90lq917835lq9", calls[0].GetProperty("id").GetString());
        Assert.Equal("get_weather", calls[0].GetProperty("function").GetProperty("name").GetString());
        var first = JsonDocument.Parse(calls[0].GetProperty("function").GetProperty("arguments").GetString()!).RootElement;
        Assert.Equal("San Francisco, CA", first.GetProperty("location").GetString());
        var second = JsonDocument.Parse(calls[1].GetProperty("function").GetProperty("arguments").GetString()!).RootElement;
        Assert.Equal("北京", second.GetProperty("location").GetString());

        var sent = Upstream.Requests.Single();
        Assert.Equal(300, sent.GetProperty("max_tokens").GetInt32());
        Assert.Equal("get_weather", sent.GetProperty("tools")[0].GetProperty("name").GetString());
        Assert.Equal("location", sent.GetProperty("tools")[0].GetProperty("input_schema").GetProperty("required")[0].GetString());
        Assert.Equal("any", sent.GetProperty("tool_choice").GetProperty("type").GetString());
    }

    [Fact]
    public async Task ToolResults_FedBack_BecomeToolResultBlocksOfOneUserMessage()
    {
        Upstream.Handler = FakeOpenAIUpstream.Json(Fixture.Read("anthropic/message.json"));

        using var response = await PostChatAsync($$$$"""
            {"model":"claude:sonnet","messages":[
              {"role":"user","content":"Weather in Paris and the time in Berlin?"},
              {"role":"assistant","content":null,"tool_calls":[
                {"id":"toolu_1","type":"function","function":{"name":"get_weather","arguments":"{\"location\":\"Paris\"}"}},
                {"id":"toolu_2","type":"function","function":{"name":"get_time","arguments":"{\"tz\":\"CET\"}"}}]},
              {"role":"tool","tool_call_id":"toolu_1","content":"18°C"},
              {"role":"tool","tool_call_id":"toolu_2","content":"14:05"}
            ], {{{{Tools}}}}, "tool_choice":{"type":"function","function":{"name":"get_time"}}, "parallel_tool_calls":false}
            """);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var sent = Upstream.Requests.Single();
        var messages = sent.GetProperty("messages");
        Assert.Equal(3, messages.GetArrayLength());
        var assistant = messages[1];
        Assert.Equal("assistant", assistant.GetProperty("role").GetString());
        Assert.Equal("tool_use", assistant.GetProperty("content")[0].GetProperty("type").GetString());
        Assert.Equal("Paris", assistant.GetProperty("content")[0].GetProperty("input").GetProperty("location").GetString());
        var results = messages[2];
        Assert.Equal("user", results.GetProperty("role").GetString());
        Assert.Equal(2, results.GetProperty("content").GetArrayLength());
        Assert.Equal("toolu_2", results.GetProperty("content")[1].GetProperty("tool_use_id").GetString());
        Assert.Equal("14:05", results.GetProperty("content")[1].GetProperty("content").GetString());
        var choice = sent.GetProperty("tool_choice");
        Assert.Equal("tool", choice.GetProperty("type").GetString());
        Assert.Equal("get_time", choice.GetProperty("name").GetString());
        Assert.True(choice.GetProperty("disable_parallel_tool_use").GetBoolean());
    }

    [Fact]
    public async Task Streaming_Text_BecomesOpenAIChunksWithUsage()
    {
        Upstream.Handler = FakeOpenAIUpstream.Sse(Fixture.SseEvents("anthropic/stream_text.sse"));

        using var response = await PostChatAsync(
            """{"model":"claude:sonnet","stream":true,"stream_options":{"include_usage":true},"messages":[{"role":"user","content":"Hi"}]}""",
            HttpCompletionOption.ResponseHeadersRead);

        var events = await SseParser.ReadAllAsync(response);
        Assert.Equal("[DONE]", events[^1].Data);
        var chunks = events.SkipLast(1).Select(e => e.Json).ToList();
        var text = string.Concat(chunks.Where(c => c.GetProperty("choices").GetArrayLength() > 0)
            .Select(c => c.GetProperty("choices")[0].GetProperty("delta"))
            .Select(d => d.TryGetProperty("content", out var c) ? c.GetString() : string.Empty));
        Assert.Equal("Hello! 你好", text);
        Assert.Contains(chunks, c => c.GetProperty("choices").GetArrayLength() > 0 && c.GetProperty("choices")[0].GetProperty("finish_reason").GetString() == "stop");
        Assert.Equal(25, chunks[^1].GetProperty("usage").GetProperty("prompt_tokens").GetInt32());
        Assert.Equal(15, chunks[^1].GetProperty("usage").GetProperty("completion_tokens").GetInt32());
        Assert.All(chunks, c => Assert.Equal("msg_1nZdL29xx5MUA1yADyHTEsnR8uuvGzszyY", c.GetProperty("id").GetString()));
        Assert.True(Upstream.Requests.Single().GetProperty("stream").GetBoolean());
    }

    [Fact]
    public async Task Streaming_CutOffAfterTheFirstText_TheLedgerStillHasTheInputAnthropicReported()
    {
        // message_start (25 input tokens), the text block, a ping, "Hello", and then the connection ends.
        Upstream.Handler = FakeOpenAIUpstream.Sse(Fixture.SseEvents("anthropic/stream_text.sse"), endBefore: 4);

        using var response = await PostChatAsync(
            """{"model":"claude:sonnet","stream":true,"messages":[{"role":"user","content":"Hi"}]}""",
            HttpCompletionOption.ResponseHeadersRead);
        var events = await SseParser.ReadAllAsync(response);

        Assert.NotEqual("[DONE]", events[^1].Data);
        var totals = await new Governance.LedgerProbe(Client).WaitAsync("model=claude:sonnet", 1);
        Assert.Equal(25, totals.GetProperty("prompt_tokens").GetInt64());
        Assert.Equal(1, totals.GetProperty("errors").GetInt64());
    }

    [Fact]
    public async Task Streaming_SeveralToolUseBlocks_GetConsecutiveToolIndexes()
    {
        Upstream.Handler = FakeOpenAIUpstream.Sse(Fixture.SseEvents("anthropic/stream_tool_use.sse"));

        using var response = await PostChatAsync($$"""
            {"model":"claude:sonnet","stream":true,"messages":[{"role":"user","content":"Paris weather and Berlin time"}], {{Tools}}}
            """, HttpCompletionOption.ResponseHeadersRead);

        var events = await SseParser.ReadAllAsync(response);
        var ids = new Dictionary<int, string>();
        var names = new Dictionary<int, string>();
        var arguments = new Dictionary<int, string>();
        string? finish = null;
        foreach (var chunk in events.SkipLast(1).Select(e => e.Json).Where(c => c.GetProperty("choices").GetArrayLength() > 0))
        {
            var choice = chunk.GetProperty("choices")[0];
            if (choice.GetProperty("finish_reason").ValueKind == JsonValueKind.String)
            {
                finish = choice.GetProperty("finish_reason").GetString();
            }

            if (!choice.GetProperty("delta").TryGetProperty("tool_calls", out var calls))
            {
                continue;
            }

            foreach (var call in calls.EnumerateArray())
            {
                var index = call.GetProperty("index").GetInt32();
                if (call.TryGetProperty("id", out var id))
                {
                    ids[index] = id.GetString()!;
                }

                if (call.GetProperty("function").TryGetProperty("name", out var name))
                {
                    names[index] = name.GetString()!;
                }

                arguments[index] = arguments.GetValueOrDefault(index, string.Empty) + call.GetProperty("function").GetProperty("arguments").GetString();
            }
        }

        Assert.Equal([0, 1], ids.Keys.Order());
        Assert.Equal("toolu_01T1x1fJ34qAmk2tNTrN7Up6", ids[0]);
        Assert.Equal("get_weather", names[0]);
        Assert.Equal("{\"location\": \"Paris\"}", arguments[0]);
        Assert.Equal("get_time", names[1]);
        Assert.Equal("{\"tz\": \"CET\"}", arguments[1]);
        Assert.Equal("tool_calls", finish);
    }

    [Fact]
    public async Task Overloaded529_Returns503WithTheUpstreamsRetryAfter()
    {
        Upstream.Handler = FakeOpenAIUpstream.Json(Fixture.Read("anthropic/error_overloaded.json"), 529, retryAfter: "4");

        using var response = await PostChatAsync("""{"model":"claude:sonnet","messages":[{"role":"user","content":"Hi"}]}""");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(4), response.Headers.RetryAfter?.Delta);
        var error = (await ReadJsonAsync(response)).GetProperty("error");
        Assert.Equal("upstream_error", error.GetProperty("type").GetString());
        Assert.Equal("upstream_overloaded", error.GetProperty("code").GetString());
        Assert.Contains("overloaded_error", error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task RateLimited429_Returns429()
    {
        Upstream.Handler = FakeOpenAIUpstream.Json("""{"type":"error","error":{"type":"rate_limit_error","message":"Number of requests has exceeded your rate limit"}}""", 429, retryAfter: "7");

        using var response = await PostChatAsync("""{"model":"claude:sonnet","messages":[{"role":"user","content":"Hi"}]}""");

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(7), response.Headers.RetryAfter?.Delta);
    }

    [Fact]
    public async Task Streaming_ErrorEventMidStream_EndsWithErrorAndNoDone()
    {
        Upstream.Handler = FakeOpenAIUpstream.Sse(Fixture.SseEvents("anthropic/stream_overloaded.sse"));

        using var response = await PostChatAsync(
            """{"model":"claude:sonnet","stream":true,"messages":[{"role":"user","content":"Hi"}]}""",
            HttpCompletionOption.ResponseHeadersRead);

        var events = await SseParser.ReadAllAsync(response);
        Assert.DoesNotContain(events, e => e.Data == "[DONE]");
        var error = events[^1].Json.GetProperty("error");
        Assert.Contains("overloaded_error", error.GetProperty("message").GetString());
        Assert.Equal("upstream_overloaded", error.GetProperty("code").GetString());
        Assert.Contains(events, e => e.Data.Contains("Partial", StringComparison.Ordinal));
    }
}
