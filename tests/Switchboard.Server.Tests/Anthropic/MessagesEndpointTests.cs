using System.Net;
using System.Text.Json;
using Switchboard.Server.Tests.Infrastructure;

namespace Switchboard.Server.Tests.Anthropic;

/// <summary>POST /v1/messages (Anthropic format in) served by OpenAI-compatible and Anthropic upstreams.</summary>
public sealed class MessagesEndpointTests : ServerTestBase
{
    private const string WeatherTools = """
        "tools":[{"name":"get_weather","description":"Weather","input_schema":{"type":"object","properties":{"location":{"type":"string"}},"required":["location"]}},
                 {"name":"get_time","input_schema":{"type":"object","properties":{"tz":{"type":"string"}}}}]
        """;

    [Fact]
    public async Task NonStreaming_OpenAIUpstream_AnswersInAnthropicFormat()
    {
        using var response = await PostMessagesAsync("""
            {"model":"mock:gpt-4o-mini","max_tokens":256,"system":"Be brief.","messages":[{"role":"user","content":"Hello"}]}
            """);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await ReadJsonAsync(response);
        Assert.Equal("message", body.GetProperty("type").GetString());
        Assert.Equal("assistant", body.GetProperty("role").GetString());
        Assert.Equal("mock:gpt-4o-mini", body.GetProperty("model").GetString());
        Assert.Equal("text", body.GetProperty("content")[0].GetProperty("type").GetString());
        Assert.Equal("Hello! How can I assist you today?", body.GetProperty("content")[0].GetProperty("text").GetString());
        Assert.Equal("end_turn", body.GetProperty("stop_reason").GetString());
        Assert.Equal(19, body.GetProperty("usage").GetProperty("input_tokens").GetInt32());
        Assert.Equal(10, body.GetProperty("usage").GetProperty("output_tokens").GetInt32());

        var sent = Upstream.Requests.Single();
        Assert.Equal("/v1/chat/completions", Upstream.Paths.Single());
        Assert.Equal(256, sent.GetProperty("max_tokens").GetInt32());
        Assert.Equal("system", sent.GetProperty("messages")[0].GetProperty("role").GetString());
        Assert.Equal("Be brief.", sent.GetProperty("messages")[0].GetProperty("content").GetString());
    }

    [Fact]
    public async Task NonStreaming_ToolCallsFromOpenAI_BecomeToolUseBlocks()
    {
        Upstream.Handler = FakeOpenAIUpstream.Json(Fixture.Read("openai/chat_completion_parallel_tools.json"));

        using var response = await PostMessagesAsync($$$$"""
            {"model":"mock:gpt-4o-mini","max_tokens":256,"messages":[{"role":"user","content":"Weather?"}], {{{{WeatherTools}}}}, "tool_choice":{"type":"any"}}
            """);

        var body = await ReadJsonAsync(response);
        Assert.Equal("tool_use", body.GetProperty("stop_reason").GetString());
        var blocks = body.GetProperty("content").EnumerateArray().ToList();
        Assert.Equal(2, blocks.Count);
        Assert.Equal("call_abc123", blocks[0].GetProperty("id").GetString());
        Assert.Equal("Boston, MA", blocks[0].GetProperty("input").GetProperty("location").GetString());
        Assert.Equal("上海", blocks[1].GetProperty("input").GetProperty("location").GetString());
        var sent = Upstream.Requests.Single();
        Assert.Equal("required", sent.GetProperty("tool_choice").GetString());
        Assert.Equal("get_weather", sent.GetProperty("tools")[0].GetProperty("function").GetProperty("name").GetString());
    }

    [Fact]
    public async Task ToolResults_FromAnAnthropicClient_ReachAnOpenAIUpstreamAsToolMessages()
    {
        using var response = await PostMessagesAsync($$$$"""
            {"model":"mock:gpt-4o-mini","max_tokens":256,"messages":[
              {"role":"user","content":"Weather in Paris?"},
              {"role":"assistant","content":[{"type":"text","text":"Checking."},{"type":"tool_use","id":"toolu_1","name":"get_weather","input":{"location":"Paris"}}]},
              {"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_1","content":"18°C"},{"type":"text","text":"And tomorrow?"}]}
            ], {{{{WeatherTools}}}}}
            """);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var messages = Upstream.Requests.Single().GetProperty("messages");
        Assert.Equal(["user", "assistant", "tool", "user"], messages.EnumerateArray().Select(m => m.GetProperty("role").GetString()));
        Assert.Equal("{\"location\":\"Paris\"}", messages[1].GetProperty("tool_calls")[0].GetProperty("function").GetProperty("arguments").GetString());
        Assert.Equal("toolu_1", messages[2].GetProperty("tool_call_id").GetString());
        Assert.Equal("18°C", messages[2].GetProperty("content").GetString());
    }

    [Fact]
    public async Task Streaming_OpenAIUpstream_EmitsTheAnthropicEventSequence()
    {
        Upstream.Handler = FakeOpenAIUpstream.Sse(Fixture.SseEvents("openai/stream_text.sse"));

        using var response = await PostMessagesAsync("""{"model":"mock:gpt-4o-mini","max_tokens":64,"stream":true,"messages":[{"role":"user","content":"Hi"}]}""");

        Assert.Equal("text/event-stream", ContentType(response)?.MediaType);
        var events = await SseParser.ReadAllAsync(response);
        Assert.Equal(
            ["message_start", "content_block_start", "content_block_delta", "content_block_delta", "content_block_delta", "content_block_stop", "message_delta", "message_stop"],
            events.Select(e => e.Name));
        Assert.All(events, e => Assert.Equal(e.Name, e.Json.GetProperty("type").GetString()));
        Assert.Equal("Hello there, 你好!", string.Concat(events.Where(e => e.Name == "content_block_delta").Select(e => e.Json.GetProperty("delta").GetProperty("text").GetString())));
        var delta = events.Single(e => e.Name == "message_delta").Json;
        Assert.Equal("end_turn", delta.GetProperty("delta").GetProperty("stop_reason").GetString());
        Assert.Equal(4, delta.GetProperty("usage").GetProperty("output_tokens").GetInt32());
    }

    [Fact]
    public async Task Streaming_EachEventIsForwardedBeforeTheUpstreamSendsTheNext()
    {
        // The upstream holds its second text chunk until the client has seen the first as a content_block_delta: a
        // gateway that waited for more before flushing would deadlock here and fail on the read timeout.
        var firstDeltaSeen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Upstream.Handler = FakeOpenAIUpstream.Sse(
            Fixture.SseEvents("openai/stream_text.sse"),
            beforeEvent: i => i == 2 ? firstDeltaSeen.Task.WaitAsync(TimeSpan.FromSeconds(20)) : Task.CompletedTask);

        using var response = await PostMessagesAsync("""{"model":"mock:gpt-4o-mini","max_tokens":64,"stream":true,"messages":[{"role":"user","content":"Hi"}]}""");
        using var parser = new SseParser(await response.Content.ReadAsStreamAsync());
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));

        var seen = new List<string?>();
        while (await parser.NextAsync(timeout.Token) is { } e)
        {
            seen.Add(e.Name);
            if (e.Name == "content_block_delta")
            {
                Assert.Equal("Hello", e.Json.GetProperty("delta").GetProperty("text").GetString());
                break;
            }
        }

        Assert.Equal(["message_start", "content_block_start", "content_block_delta"], seen);
        firstDeltaSeen.SetResult();
        while (await parser.NextAsync(timeout.Token) is { } e)
        {
            seen.Add(e.Name);
        }

        Assert.Equal("message_stop", seen[^1]);
    }

    [Fact]
    public async Task Streaming_InterleavedOpenAIToolFragments_BecomeSequentialToolUseBlocks()
    {
        Upstream.Handler = FakeOpenAIUpstream.Sse(Fixture.SseEvents("openai/stream_parallel_tools.sse"));

        using var response = await PostMessagesAsync($$$$"""
            {"model":"mock:gpt-4o-mini","max_tokens":64,"stream":true,"messages":[{"role":"user","content":"Paris?"}], {{{{WeatherTools}}}}}
            """);

        var events = await SseParser.ReadAllAsync(response);
        var open = -1;
        var blocks = new Dictionary<int, (string Id, string Name, string Input)>();
        foreach (var e in events.Select(e => e.Json))
        {
            switch (e.GetProperty("type").GetString())
            {
                case "content_block_start":
                    Assert.Equal(-1, open); // never two blocks open at once
                    open = e.GetProperty("index").GetInt32();
                    var block = e.GetProperty("content_block");
                    blocks[open] = (block.GetProperty("id").GetString()!, block.GetProperty("name").GetString()!, string.Empty);
                    break;
                case "content_block_delta":
                    Assert.Equal(open, e.GetProperty("index").GetInt32());
                    var b = blocks[open];
                    blocks[open] = b with { Input = b.Input + e.GetProperty("delta").GetProperty("partial_json").GetString() };
                    break;
                case "content_block_stop":
                    Assert.Equal(open, e.GetProperty("index").GetInt32());
                    open = -1;
                    break;
            }
        }

        Assert.Equal([0, 1], blocks.Keys.Order());
        Assert.Equal(("call_DdmO9pD3xa9XTPNJ32zg2hcA", "get_weather", "{\"location\":\"Paris\"}"), blocks[0]);
        Assert.Equal(("call_ABCxyz987", "get_time", "{\"tz\":\"CET\"}"), blocks[1]);
        Assert.Equal("tool_use", events.Single(e => e.Name == "message_delta").Json.GetProperty("delta").GetProperty("stop_reason").GetString());
        Assert.Equal("message_stop", events[^1].Name);
    }

    [Fact]
    public async Task Streaming_AnthropicUpstream_RoundTripsToolUse()
    {
        Upstream.Handler = FakeOpenAIUpstream.Sse(Fixture.SseEvents("anthropic/stream_tool_use.sse"));

        using var response = await PostMessagesAsync($$$$"""
            {"model":"claude:sonnet","max_tokens":64,"stream":true,"messages":[{"role":"user","content":"Paris?"}], {{{{WeatherTools}}}}}
            """);

        var events = await SseParser.ReadAllAsync(response);
        var starts = events.Where(e => e.Name == "content_block_start").Select(e => e.Json.GetProperty("content_block")).ToList();
        Assert.Equal(["text", "tool_use", "tool_use"], starts.Select(s => s.GetProperty("type").GetString()));
        Assert.Equal("toolu_01T1x1fJ34qAmk2tNTrN7Up6", starts[1].GetProperty("id").GetString());
        Assert.Equal("/v1/messages", Upstream.Paths.Single());
        Assert.Equal("message_stop", events[^1].Name);
    }

    [Fact]
    public async Task NonStreaming_AnthropicUpstream_KeepsCacheCountsStopReasonAndStopSequence()
    {
        Upstream.Handler = FakeOpenAIUpstream.Json("""
            {"id":"msg_1","type":"message","role":"assistant","model":"claude-3-5-sonnet-20241022",
             "content":[{"type":"text","text":"1, 2, 3"}],"stop_reason":"stop_sequence","stop_sequence":"END",
             "usage":{"input_tokens":10,"cache_read_input_tokens":100,"cache_creation_input_tokens":50,"output_tokens":7}}
            """);

        using var response = await PostMessagesAsync("""{"model":"claude:sonnet","max_tokens":64,"stop_sequences":["END"],"messages":[{"role":"user","content":"Count"}]}""");

        var body = await ReadJsonAsync(response);
        Assert.Equal(("stop_sequence", "END"), (body.GetProperty("stop_reason").GetString(), body.GetProperty("stop_sequence").GetString()));
        var usage = body.GetProperty("usage");
        Assert.Equal(
            (10, 100, 50, 7),
            (usage.GetProperty("input_tokens").GetInt32(), usage.GetProperty("cache_read_input_tokens").GetInt32(),
             usage.GetProperty("cache_creation_input_tokens").GetInt32(), usage.GetProperty("output_tokens").GetInt32()));
    }

    [Fact]
    public async Task CacheControl_ReachesAnAnthropicUpstreamOnTheSameBlocks()
    {
        // Prompt caching through the gateway: every breakpoint the caller set arrives where it set it.
        Upstream.Handler = FakeOpenAIUpstream.Json("""
            {"id":"msg_1","type":"message","role":"assistant","model":"claude-3-5-sonnet-20241022",
             "content":[{"type":"text","text":"Noted."}],"stop_reason":"end_turn","stop_sequence":null,
             "usage":{"input_tokens":10,"cache_read_input_tokens":0,"cache_creation_input_tokens":2000,"output_tokens":2}}
            """);

        using var response = await PostMessagesAsync("""
            {"model":"claude:sonnet","max_tokens":64,
             "system":[{"type":"text","text":"You are the support desk."},{"type":"text","text":"<the long policy manual>","cache_control":{"type":"ephemeral","ttl":"1h"}}],
             "tools":[{"name":"lookup_order","input_schema":{"type":"object","properties":{"id":{"type":"string"}}},"cache_control":{"type":"ephemeral"}}],
             "messages":[{"role":"user","content":[{"type":"text","text":"<a long document>","cache_control":{"type":"ephemeral"}},{"type":"text","text":"Summarise it."}]}]}
            """);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var sent = Upstream.Requests.Single();
        var system = sent.GetProperty("system");
        Assert.Equal(JsonValueKind.Array, system.ValueKind);
        Assert.False(system[0].TryGetProperty("cache_control", out _));
        Assert.Equal("1h", system[1].GetProperty("cache_control").GetProperty("ttl").GetString());
        Assert.Equal("ephemeral", sent.GetProperty("tools")[0].GetProperty("cache_control").GetProperty("type").GetString());
        var content = sent.GetProperty("messages")[0].GetProperty("content");
        Assert.Equal("ephemeral", content[0].GetProperty("cache_control").GetProperty("type").GetString());
        Assert.False(content[1].TryGetProperty("cache_control", out _));
    }

    [Fact]
    public async Task CacheControl_ThatIsNotAnObject_Is400NamingTheBlock()
    {
        using var response = await PostMessagesAsync("""{"model":"claude:sonnet","max_tokens":64,"messages":[{"role":"user","content":[{"type":"text","text":"hi","cache_control":"ephemeral"}]}]}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("messages.0.content.0.cache_control", (await ReadJsonAsync(response)).GetProperty("error").GetProperty("message").GetString());
        Assert.Empty(Upstream.Requests);
    }

    [Fact]
    public async Task Streaming_AnthropicUpstream_InputUsageStartsTheStreamAndTheStopSequenceEndsIt()
    {
        Upstream.Handler = FakeOpenAIUpstream.Sse(
        [
            "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_2\",\"type\":\"message\",\"role\":\"assistant\",\"content\":[],\"model\":\"claude-3-5-sonnet-20241022\",\"usage\":{\"input_tokens\":25,\"cache_read_input_tokens\":5,\"output_tokens\":1}}}",
            "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}",
            "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"1, 2, 3\"}}",
            "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}",
            "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"stop_sequence\",\"stop_sequence\":\"END\"},\"usage\":{\"output_tokens\":6}}",
            "event: message_stop\ndata: {\"type\":\"message_stop\"}",
        ]);

        using var response = await PostMessagesAsync("""{"model":"claude:sonnet","max_tokens":64,"stream":true,"stop_sequences":["END"],"messages":[{"role":"user","content":"Count"}]}""");

        var events = await SseParser.ReadAllAsync(response);
        var start = events.First(e => e.Name == "message_start").Json.GetProperty("message").GetProperty("usage");
        Assert.Equal((25, 5), (start.GetProperty("input_tokens").GetInt32(), start.GetProperty("cache_read_input_tokens").GetInt32()));
        var delta = events.First(e => e.Name == "message_delta").Json;
        Assert.Equal("stop_sequence", delta.GetProperty("delta").GetProperty("stop_reason").GetString());
        Assert.Equal("END", delta.GetProperty("delta").GetProperty("stop_sequence").GetString());
        Assert.Equal(6, delta.GetProperty("usage").GetProperty("output_tokens").GetInt32());
    }

    [Fact]
    public async Task ToolResultMarkedAsAnError_ReachesAnAnthropicUpstreamMarked()
    {
        Upstream.Handler = FakeOpenAIUpstream.Json(Fixture.Read("anthropic/message.json"));

        using var response = await PostMessagesAsync("""
            {"model":"claude:sonnet","max_tokens":64,"messages":[
              {"role":"user","content":"Weather in Paris?"},
              {"role":"assistant","content":[{"type":"tool_use","id":"toolu_1","name":"get_weather","input":{"city":"Paris"}}]},
              {"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_1","is_error":true,"content":"The weather service is down."}]}
            ]}
            """);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = Upstream.Requests.Single().GetProperty("messages")[2].GetProperty("content")[0];
        Assert.Equal(("tool_result", true), (result.GetProperty("type").GetString(), result.GetProperty("is_error").GetBoolean()));
        Assert.Equal("The weather service is down.", result.GetProperty("content").GetString());
    }

    [Theory]
    [InlineData("""{"model":"mock:gpt-4o-mini","messages":[{"role":"user","content":"hi"}]}""", 400, "invalid_request_error", "max_tokens")]
    [InlineData("""{"model":"mock:gpt-4o-mini","max_tokens":10,"messages":[]}""", 400, "invalid_request_error", "messages")]
    [InlineData("""{"model":"mock:gpt-4o-mini","max_tokens":10,"messages":[{"role":"system","content":"x"}]}""", 400, "invalid_request_error", "role")]
    [InlineData("""{"model":"mock:gpt-4o-mini","max_tokens":10,"messages":[{"role":"user","content":5}]}""", 400, "invalid_request_error", "content")]
    [InlineData("""{"model":"mock:gpt-4o-mini","max_tokens":10,"messages":[{"role":"user","content":"\ud800"}]}""", 400, "invalid_request_error", "")]
    [InlineData("""{"model":"mock:gpt-4o-mini","max_tokens":10,"messages":[{"role":"user","content":"hi"}],"tools":[{"name":"f","input_schema":{"type":"object","description":"\ud800"}}]}""", 400, "invalid_request_error", "surrogate")]
    [InlineData("""{"model":"mock:gpt-4o-mini","max_tokens":10,"messages":[{"role":"user","content":"hi"}],"metadata":{"user_id":"\udfff"}}""", 400, "invalid_request_error", "surrogate")]
    [InlineData("""{not json""", 400, "invalid_request_error", "JSON")]
    [InlineData("""{"model":"mock:gpt-4o-mini","max_tokens":10,"temperature":1e39,"messages":[{"role":"user","content":"hi"}]}""", 400, "invalid_request_error", "temperature")]
    [InlineData("""{"model":"mock:gpt-4o-mini","max_tokens":10,"top_p":-0.5,"messages":[{"role":"user","content":"hi"}]}""", 400, "invalid_request_error", "top_p")]
    [InlineData("""{"model":"mock:gpt-4o-mini","max_tokens":10,"top_k":1e12,"messages":[{"role":"user","content":"hi"}]}""", 400, "invalid_request_error", "top_k")]
    [InlineData("""{"model":"mock:gpt-4o-mini","max_tokens":10,"messages":[{"role":"user","content":[{"type":"image","source":{"type":"base64","media_type":"x","data":"AAAA"}}]}]}""", 400, "invalid_request_error", "media_type")]
    [InlineData("""{"model":"mock:gpt-4o-mini","max_tokens":10,"messages":[{"role":"user","content":[{"type":"tool_result","tool_use_id":"t","content":[{"type":"text"}]}]}]}""", 400, "invalid_request_error", "text")]
    [InlineData("""{"model":"mock:gpt-4o-mini","max_tokens":10,"messages":[{"role":"user","content":[{"type":"tool_result","tool_use_id":"t","content":[{"type":"image","source":{"type":"base64","media_type":"image/png","data":"AAAA"}}]}]}]}""", 400, "invalid_request_error", "'image' are not supported in a tool result")]
    [InlineData("""{"model":"mock:gpt-4o-mini","max_tokens":10,"messages":[{"role":"user","content":"hi"}],"tools":[{"type":"web_search_20250305","name":"web_search","max_uses":3}]}""", 400, "invalid_request_error", "web_search_20250305")]
    [InlineData("""{"model":"mock:gpt-4o-mini","max_tokens":10,"messages":[{"role":"user","content":"hi"}],"tools":[{"name":"f","input_schema":{"type":"object"}}],"tool_choice":{"type":"tool","name":" "}}""", 400, "invalid_request_error", "tool_choice.name")]
    [InlineData("""{"model":"nobody:nothing","max_tokens":10,"messages":[{"role":"user","content":"hi"}]}""", 404, "not_found_error", "nobody")]
    public async Task BadRequests_GetAnthropicFormatErrors(string body, int status, string type, string mentions)
    {
        using var response = await PostMessagesAsync(body);

        Assert.Equal(status, (int)response.StatusCode);
        var json = await ReadJsonAsync(response);
        Assert.Equal("error", json.GetProperty("type").GetString());
        Assert.Equal(type, json.GetProperty("error").GetProperty("type").GetString());
        Assert.Contains(mentions, json.GetProperty("error").GetProperty("message").GetString());
        Assert.Empty(Upstream.Requests);
    }

    [Fact]
    public async Task UpstreamRateLimit_IsARateLimitErrorInAnthropicFormat()
    {
        Upstream.Handler = FakeOpenAIUpstream.Json(Fixture.Read("openai/error_rate_limit.json"), 429, retryAfter: "3");

        using var response = await PostMessagesAsync("""{"model":"mock:gpt-4o-mini","max_tokens":10,"messages":[{"role":"user","content":"hi"}]}""");

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal("rate_limit_error", (await ReadJsonAsync(response)).GetProperty("error").GetProperty("type").GetString());
    }

    [Fact]
    public async Task UpstreamTimeout_IsATimeoutErrorInAnthropicFormat()
    {
        // The "slow" provider allows 1 s; Anthropic types its own 504 timeout_error, and its SDKs retry on it.
        Upstream.Handler = async context => await Task.Delay(TimeSpan.FromSeconds(5), context.RequestAborted);

        using var response = await PostMessagesAsync("""{"model":"slow:slow-model","max_tokens":10,"messages":[{"role":"user","content":"hi"}]}""");

        Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
        Assert.Equal("timeout_error", (await ReadJsonAsync(response)).GetProperty("error").GetProperty("type").GetString());
    }

    private Task<HttpResponseMessage> PostMessagesAsync(string json) =>
        Client.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/v1/messages") { Content = JsonBody(json) }, HttpCompletionOption.ResponseHeadersRead);
}
