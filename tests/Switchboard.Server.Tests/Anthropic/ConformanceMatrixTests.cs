using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Switchboard.Server.Tests.Infrastructure;

namespace Switchboard.Server.Tests.Anthropic;

/// <summary>
/// Every (inbound format × upstream kind) pair, for each scenario: the answer seen by the client, normalised, must be
/// what the upstream's recorded payload says. Inbound: OpenAI chat completions or Anthropic messages; upstream: a fake
/// OpenAI-compatible server or a fake Anthropic server replaying documented payloads.
/// </summary>
public sealed class ConformanceMatrixTests : ServerTestBase
{
    public static TheoryData<string, string> Pairs => new()
    {
        { "openai", "openai" },
        { "openai", "anthropic" },
        { "anthropic", "openai" },
        { "anthropic", "anthropic" },
    };

    [Theory]
    [MemberData(nameof(Pairs))]
    public async Task PlainText(string inbound, string upstream)
    {
        Upstream.Handler = FakeOpenAIUpstream.Json(Fixture.Read(upstream == "openai" ? "openai/chat_completion.json" : "anthropic/message.json"));

        var answer = await SendAsync(inbound, upstream, stream: false, tools: false);

        Assert.Equal(upstream == "openai" ? "Hello! How can I assist you today?" : "Hi! My name is Claude.", answer.Text);
        Assert.Equal("stop", answer.Finish);
        Assert.Equal(upstream == "openai" ? (19, 10) : (3895, 503), answer.Usage);
        Assert.Empty(answer.Calls);
    }

    [Theory]
    [MemberData(nameof(Pairs))]
    public async Task Streaming(string inbound, string upstream)
    {
        Upstream.Handler = FakeOpenAIUpstream.Sse(Fixture.SseEvents(upstream == "openai" ? "openai/stream_text.sse" : "anthropic/stream_text.sse"));

        var answer = await SendAsync(inbound, upstream, stream: true, tools: false);

        Assert.Equal(upstream == "openai" ? "Hello there, 你好!" : "Hello! 你好", answer.Text);
        Assert.Equal("stop", answer.Finish);
        Assert.Equal(upstream == "openai" ? (9, 4) : (25, 15), answer.Usage);
    }

    [Theory]
    [MemberData(nameof(Pairs))]
    public async Task ParallelToolCalls(string inbound, string upstream)
    {
        Upstream.Handler = FakeOpenAIUpstream.Json(Fixture.Read(upstream == "openai" ? "openai/chat_completion_parallel_tools.json" : "anthropic/message_tool_use.json"));

        var answer = await SendAsync(inbound, upstream, stream: false, tools: true);

        Assert.Equal("tool", answer.Finish);
        var expected = upstream == "openai"
            ? new[] { ("call_abc123", "get_current_weather", """{"location":"Boston, MA"}"""), ("call_def456", "get_current_weather", """{"location":"上海","unit":"celsius"}""") }
            : new[] { ("toolu_01A09q90qw90lq917835lq9", "get_weather", """{"location":"San Francisco, CA","unit":"celsius"}"""), ("toolu_01B11x22yz33lq917835lq0", "get_weather", """{"location":"北京"}""") };
        AssertCalls(expected, answer.Calls);
    }

    [Theory]
    [MemberData(nameof(Pairs))]
    public async Task StreamedParallelToolCalls(string inbound, string upstream)
    {
        Upstream.Handler = FakeOpenAIUpstream.Sse(Fixture.SseEvents(upstream == "openai" ? "openai/stream_parallel_tools.sse" : "anthropic/stream_tool_use.sse"));

        var answer = await SendAsync(inbound, upstream, stream: true, tools: true);

        Assert.Equal("tool", answer.Finish);
        var expected = upstream == "openai"
            ? new[] { ("call_DdmO9pD3xa9XTPNJ32zg2hcA", "get_weather", """{"location":"Paris"}"""), ("call_ABCxyz987", "get_time", """{"tz":"CET"}""") }
            : new[] { ("toolu_01T1x1fJ34qAmk2tNTrN7Up6", "get_weather", """{"location":"Paris"}"""), ("toolu_02Xy9", "get_time", """{"tz":"CET"}""") };
        AssertCalls(expected, answer.Calls);
    }

    [Theory]
    [MemberData(nameof(Pairs))]
    public async Task ToolResultsFedBack(string inbound, string upstream)
    {
        Upstream.Handler = FakeOpenAIUpstream.Json(Fixture.Read(upstream == "openai" ? "openai/chat_completion.json" : "anthropic/message.json"));

        var body = inbound == "openai"
            ? """
              {"model":"MODEL","messages":[{"role":"user","content":"Weather in Paris?"},
                {"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function","function":{"name":"get_weather","arguments":"{\"location\":\"Paris\"}"}}]},
                {"role":"tool","tool_call_id":"call_1","content":"18°C"}]}
              """
            : """
              {"model":"MODEL","max_tokens":100,"messages":[{"role":"user","content":"Weather in Paris?"},
                {"role":"assistant","content":[{"type":"tool_use","id":"call_1","name":"get_weather","input":{"location":"Paris"}}]},
                {"role":"user","content":[{"type":"tool_result","tool_use_id":"call_1","content":"18°C"}]}]}
              """;
        using var response = await PostAsync(inbound, body.Replace("MODEL", Model(upstream), StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var messages = Upstream.Requests.Single().GetProperty("messages");
        if (upstream == "openai")
        {
            Assert.Equal("Paris", JsonNode.Parse(messages[1].GetProperty("tool_calls")[0].GetProperty("function").GetProperty("arguments").GetString()!)!["location"]!.GetValue<string>());
            Assert.Equal(("tool", "call_1", "18°C"), (messages[2].GetProperty("role").GetString(), messages[2].GetProperty("tool_call_id").GetString(), messages[2].GetProperty("content").GetString()));
        }
        else
        {
            Assert.Equal("Paris", messages[1].GetProperty("content")[0].GetProperty("input").GetProperty("location").GetString());
            var result = messages[2].GetProperty("content")[0];
            Assert.Equal(("tool_result", "call_1", "18°C"), (result.GetProperty("type").GetString(), result.GetProperty("tool_use_id").GetString(), result.GetProperty("content").GetString()));
        }
    }

    [Theory]
    [MemberData(nameof(Pairs))]
    public async Task UpstreamErrors(string inbound, string upstream)
    {
        Upstream.Handler = upstream == "openai"
            ? FakeOpenAIUpstream.Json(Fixture.Read("openai/error_rate_limit.json"), 429, retryAfter: "30")
            : FakeOpenAIUpstream.Json(Fixture.Read("anthropic/error_overloaded.json"), 529);

        using var response = await PostAsync(inbound, Request(inbound, upstream, stream: false, tools: false));

        Assert.Equal(upstream == "openai" ? HttpStatusCode.TooManyRequests : HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        var error = json.GetProperty("error");
        if (inbound == "anthropic")
        {
            Assert.Equal("error", json.GetProperty("type").GetString());
            Assert.Equal(upstream == "openai" ? "rate_limit_error" : "overloaded_error", error.GetProperty("type").GetString());
        }
        else
        {
            Assert.Equal(upstream == "openai" ? "rate_limit_error" : "upstream_error", error.GetProperty("type").GetString());
        }

        Assert.Contains(upstream == "openai" ? "Rate limit reached" : "overloaded_error", error.GetProperty("message").GetString());
    }

    private static string Model(string upstream) => upstream == "openai" ? "mock:gpt-4o-mini" : "claude:sonnet";

    private static string Request(string inbound, string upstream, bool stream, bool tools)
    {
        var request = new JsonObject { ["model"] = Model(upstream), ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = "Hi" }) };
        if (stream)
        {
            request["stream"] = true;
            if (inbound == "openai")
            {
                request["stream_options"] = new JsonObject { ["include_usage"] = true };
            }
        }

        if (inbound == "anthropic")
        {
            request["max_tokens"] = 256;
        }

        if (tools)
        {
            var schema = JsonNode.Parse("""{"type":"object","properties":{"location":{"type":"string"}}}""");
            request["tools"] = inbound == "openai"
                ? new JsonArray(
                    new JsonObject { ["type"] = "function", ["function"] = new JsonObject { ["name"] = "get_weather", ["parameters"] = schema!.DeepClone() } },
                    new JsonObject { ["type"] = "function", ["function"] = new JsonObject { ["name"] = "get_time", ["parameters"] = schema!.DeepClone() } })
                : new JsonArray(
                    new JsonObject { ["name"] = "get_weather", ["input_schema"] = schema!.DeepClone() },
                    new JsonObject { ["name"] = "get_time", ["input_schema"] = schema!.DeepClone() });
        }

        return request.ToJsonString();
    }

    private Task<HttpResponseMessage> PostAsync(string inbound, string body) => Client.SendAsync(
        new HttpRequestMessage(HttpMethod.Post, inbound == "openai" ? "/v1/chat/completions" : "/v1/messages") { Content = JsonBody(body) },
        HttpCompletionOption.ResponseHeadersRead);

    private async Task<Answer> SendAsync(string inbound, string upstream, bool stream, bool tools)
    {
        using var response = await PostAsync(inbound, Request(inbound, upstream, stream, tools));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        if (!stream)
        {
            var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
            return inbound == "openai" ? Answer.FromOpenAI(json) : Answer.FromAnthropic(json);
        }

        var events = await SseParser.ReadAllAsync(response);
        return inbound == "openai" ? Answer.FromOpenAIStream(events) : Answer.FromAnthropicStream(events);
    }

    private static void AssertCalls((string Id, string Name, string Arguments)[] expected, List<(string Id, string Name, string Arguments)> actual)
    {
        Assert.Equal(expected.Length, actual.Count);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i].Id, actual[i].Id);
            Assert.Equal(expected[i].Name, actual[i].Name);
            Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected[i].Arguments), JsonNode.Parse(actual[i].Arguments)), $"arguments {actual[i].Arguments}");
        }
    }
}
