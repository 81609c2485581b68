using System.Net;
using System.Text.Json;
using Switchboard.Server.Tests.Infrastructure;

namespace Switchboard.Server.Tests.OpenAI;

public sealed class ToolCallTests : ServerTestBase
{
    private const string WeatherTools = """
        "tools":[
          {"type":"function","function":{"name":"get_weather","description":"Current weather","parameters":{"type":"object","properties":{"location":{"type":"string"},"unit":{"type":"string","enum":["celsius","fahrenheit"]}},"required":["location"]},"strict":true}},
          {"type":"function","function":{"name":"get_time","parameters":{"type":"object","properties":{"tz":{"type":"string"}}}}}
        ]
        """;

    [Fact]
    public async Task NonStreaming_ParallelToolCalls_ArePassedThroughExactly()
    {
        Upstream.Handler = FakeOpenAIUpstream.Json(Fixture.Read("openai/chat_completion_parallel_tools.json"));

        using var response = await PostChatAsync($$"""
            {"model":"mock:gpt-4o-mini","messages":[{"role":"user","content":"Weather in Boston and 上海?"}],
             {{WeatherTools}}, "tool_choice":"auto", "parallel_tool_calls":true}
            """);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var choice = (await ReadJsonAsync(response)).GetProperty("choices")[0];
        Assert.Equal("tool_calls", choice.GetProperty("finish_reason").GetString());
        var message = choice.GetProperty("message");
        Assert.Equal(JsonValueKind.Null, message.GetProperty("content").ValueKind);
        var calls = message.GetProperty("tool_calls");
        Assert.Equal(2, calls.GetArrayLength());
        Assert.Equal("call_abc123", calls[0].GetProperty("id").GetString());
        Assert.Equal("function", calls[0].GetProperty("type").GetString());
        Assert.Equal("get_current_weather", calls[0].GetProperty("function").GetProperty("name").GetString());
        Assert.Equal("{\n\"location\": \"Boston, MA\"\n}", calls[0].GetProperty("function").GetProperty("arguments").GetString());
        Assert.Equal("call_def456", calls[1].GetProperty("id").GetString());
        Assert.Equal("{\"location\": \"上海\", \"unit\": \"celsius\"}", calls[1].GetProperty("function").GetProperty("arguments").GetString());

        // Tool definitions and choices reach the upstream intact.
        var sent = Assert.Single(Upstream.Requests);
        var tools = sent.GetProperty("tools");
        Assert.Equal(2, tools.GetArrayLength());
        var weather = tools[0].GetProperty("function");
        Assert.Equal("get_weather", weather.GetProperty("name").GetString());
        Assert.Equal("Current weather", weather.GetProperty("description").GetString());
        Assert.True(weather.GetProperty("strict").GetBoolean());
        Assert.Equal("location", weather.GetProperty("parameters").GetProperty("required")[0].GetString());
        Assert.Equal("celsius", weather.GetProperty("parameters").GetProperty("properties").GetProperty("unit").GetProperty("enum")[0].GetString());
        Assert.Equal("auto", sent.GetProperty("tool_choice").GetString());
        Assert.True(sent.GetProperty("parallel_tool_calls").GetBoolean());
    }

    [Fact]
    public async Task Streaming_ParallelToolCalls_FragmentsKeepTheirIndexes()
    {
        Upstream.Handler = FakeOpenAIUpstream.Sse(Fixture.SseEvents("openai/stream_parallel_tools.sse"));

        using var response = await PostChatAsync($$$$"""
            {"model":"mock:gpt-4o-mini","stream":true,"messages":[{"role":"user","content":"Weather and time in Paris?"}], {{{{WeatherTools}}}},
             "tool_choice":{"type":"function","function":{"name":"get_weather"}}}
            """, HttpCompletionOption.ResponseHeadersRead);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var events = await SseParser.ReadAllAsync(response);
        Assert.Equal("[DONE]", events[^1].Data);

        // Reassemble as an OpenAI client does: by index, concatenating argument fragments.
        var ids = new Dictionary<int, string>();
        var names = new Dictionary<int, string>();
        var arguments = new Dictionary<int, string>();
        var fragmentsSeen = 0;
        string? finish = null;
        foreach (var chunk in events.SkipLast(1).Select(e => e.Json))
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
                fragmentsSeen++;
                var index = call.GetProperty("index").GetInt32();
                if (call.TryGetProperty("id", out var id))
                {
                    ids[index] = id.GetString()!;
                }

                var function = call.GetProperty("function");
                if (function.TryGetProperty("name", out var name))
                {
                    names[index] = name.GetString()!;
                }

                arguments[index] = arguments.GetValueOrDefault(index, string.Empty) + function.GetProperty("arguments").GetString();
            }
        }

        Assert.Equal(6, fragmentsSeen); // forwarded fragment by fragment, not re-buffered
        Assert.Equal("tool_calls", finish);
        Assert.Equal("call_DdmO9pD3xa9XTPNJ32zg2hcA", ids[0]);
        Assert.Equal("get_weather", names[0]);
        Assert.Equal("{\"location\":\"Paris\"}", arguments[0]);
        Assert.Equal("call_ABCxyz987", ids[1]);
        Assert.Equal("get_time", names[1]);
        Assert.Equal("{\"tz\":\"CET\"}", arguments[1]);

        var sent = Assert.Single(Upstream.Requests);
        Assert.Equal("get_weather", sent.GetProperty("tool_choice").GetProperty("function").GetProperty("name").GetString());
    }

    [Fact]
    public async Task ToolResults_FedBack_ReachTheUpstreamInOpenAIFormat()
    {
        using var response = await PostChatAsync("""
            {"model":"mock:gpt-4o-mini","messages":[
              {"role":"user","content":"Weather in Paris and Tokyo?"},
              {"role":"assistant","content":null,"tool_calls":[
                {"id":"call_1","type":"function","function":{"name":"get_weather","arguments":"{\"location\":\"Paris\"}"}},
                {"id":"call_2","type":"function","function":{"name":"get_weather","arguments":"{\"location\":\"東京\"}"}}]},
              {"role":"tool","tool_call_id":"call_1","content":"18°C, sunny"},
              {"role":"tool","tool_call_id":"call_2","content":[{"type":"text","text":"22°C, rain"}]}
            ]}
            """);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var messages = Assert.Single(Upstream.Requests).GetProperty("messages");
        Assert.Equal(4, messages.GetArrayLength());
        var assistant = messages[1];
        Assert.Equal("assistant", assistant.GetProperty("role").GetString());
        Assert.Equal(JsonValueKind.Null, assistant.GetProperty("content").ValueKind);
        Assert.Equal("call_1", assistant.GetProperty("tool_calls")[0].GetProperty("id").GetString());
        Assert.Equal("{\"location\":\"東京\"}", assistant.GetProperty("tool_calls")[1].GetProperty("function").GetProperty("arguments").GetString());
        Assert.Equal("tool", messages[2].GetProperty("role").GetString());
        Assert.Equal("call_1", messages[2].GetProperty("tool_call_id").GetString());
        Assert.Equal("18°C, sunny", messages[2].GetProperty("content").GetString());
        Assert.Equal("call_2", messages[3].GetProperty("tool_call_id").GetString());
        Assert.Equal("22°C, rain", messages[3].GetProperty("content").GetString());
    }
}
