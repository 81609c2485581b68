using System.Text;
using System.Text.Json;
using Switchboard.Server.Tests.Infrastructure;

namespace Switchboard.Server.Tests.Anthropic;

/// <summary>What a client got, whatever the API format: text, tool calls, finish kind, (input, output) usage.</summary>
internal sealed record Answer(string Text, List<(string Id, string Name, string Arguments)> Calls, string Finish, (long In, long Out) Usage)
{
    public static Answer FromOpenAI(JsonElement json)
    {
        var choice = json.GetProperty("choices")[0];
        var message = choice.GetProperty("message");
        var calls = message.TryGetProperty("tool_calls", out var t)
            ? t.EnumerateArray().Select(c => (c.GetProperty("id").GetString()!, c.GetProperty("function").GetProperty("name").GetString()!, c.GetProperty("function").GetProperty("arguments").GetString()!)).ToList()
            : [];
        var usage = json.GetProperty("usage");
        return new Answer(message.GetProperty("content").GetString() ?? string.Empty, calls, FinishKind(choice.GetProperty("finish_reason").GetString()), (usage.GetProperty("prompt_tokens").GetInt64(), usage.GetProperty("completion_tokens").GetInt64()));
    }

    public static Answer FromAnthropic(JsonElement json)
    {
        var blocks = json.GetProperty("content").EnumerateArray().ToList();
        var usage = json.GetProperty("usage");
        return new Answer(
            string.Concat(blocks.Where(b => b.GetProperty("type").GetString() == "text").Select(b => b.GetProperty("text").GetString())),
            blocks.Where(b => b.GetProperty("type").GetString() == "tool_use").Select(b => (b.GetProperty("id").GetString()!, b.GetProperty("name").GetString()!, b.GetProperty("input").GetRawText())).ToList(),
            FinishKind(json.GetProperty("stop_reason").GetString()),
            (usage.GetProperty("input_tokens").GetInt64() + (usage.TryGetProperty("cache_read_input_tokens", out var cached) ? cached.GetInt64() : 0), usage.GetProperty("output_tokens").GetInt64()));
    }

    public static Answer FromOpenAIStream(List<SseEvent> events)
    {
        Assert.Equal("[DONE]", events[^1].Data);
        var text = new StringBuilder();
        var calls = new SortedDictionary<int, (string Id, string Name, StringBuilder Arguments)>();
        string? finish = null;
        (long, long) usage = default;
        foreach (var chunk in events.SkipLast(1).Select(e => e.Json))
        {
            if (chunk.TryGetProperty("usage", out var u) && u.ValueKind == JsonValueKind.Object)
            {
                usage = (u.GetProperty("prompt_tokens").GetInt64(), u.GetProperty("completion_tokens").GetInt64());
            }

            if (chunk.GetProperty("choices").GetArrayLength() == 0)
            {
                continue;
            }

            var choice = chunk.GetProperty("choices")[0];
            finish = choice.GetProperty("finish_reason").ValueKind == JsonValueKind.String ? choice.GetProperty("finish_reason").GetString() : finish;
            var delta = choice.GetProperty("delta");
            if (delta.TryGetProperty("content", out var c))
            {
                text.Append(c.GetString());
            }

            if (delta.TryGetProperty("tool_calls", out var toolCalls))
            {
                foreach (var call in toolCalls.EnumerateArray())
                {
                    var index = call.GetProperty("index").GetInt32();
                    if (!calls.TryGetValue(index, out var entry))
                    {
                        entry = (string.Empty, string.Empty, new StringBuilder());
                    }

                    var id = call.TryGetProperty("id", out var i) ? i.GetString()! : entry.Id;
                    var name = call.GetProperty("function").TryGetProperty("name", out var n) ? n.GetString()! : entry.Name;
                    entry.Arguments.Append(call.GetProperty("function").GetProperty("arguments").GetString());
                    calls[index] = (id, name, entry.Arguments);
                }
            }
        }

        return new Answer(text.ToString(), calls.Values.Select(v => (v.Id, v.Name, v.Arguments.ToString())).ToList(), FinishKind(finish), usage);
    }

    public static Answer FromAnthropicStream(List<SseEvent> events)
    {
        Assert.Equal("message_stop", events[^1].Name);
        var text = new StringBuilder();
        var calls = new List<(string Id, string Name, StringBuilder Arguments)>();
        var blockIsTool = new Dictionary<int, int>();
        string? finish = null;
        long input = 0;
        long output = 0;
        foreach (var e in events.Select(e => e.Json))
        {
            switch (e.GetProperty("type").GetString())
            {
                case "message_start":
                    input = e.GetProperty("message").GetProperty("usage").GetProperty("input_tokens").GetInt64();
                    break;
                case "content_block_start" when e.GetProperty("content_block").GetProperty("type").GetString() == "tool_use":
                    blockIsTool[e.GetProperty("index").GetInt32()] = calls.Count;
                    calls.Add((e.GetProperty("content_block").GetProperty("id").GetString()!, e.GetProperty("content_block").GetProperty("name").GetString()!, new StringBuilder()));
                    break;
                case "content_block_delta":
                    var delta = e.GetProperty("delta");
                    if (delta.GetProperty("type").GetString() == "text_delta")
                    {
                        text.Append(delta.GetProperty("text").GetString());
                    }
                    else
                    {
                        calls[blockIsTool[e.GetProperty("index").GetInt32()]].Arguments.Append(delta.GetProperty("partial_json").GetString());
                    }

                    break;
                case "message_delta":
                    finish = e.GetProperty("delta").GetProperty("stop_reason").GetString();
                    var usage = e.GetProperty("usage");
                    output = usage.GetProperty("output_tokens").GetInt64();
                    input = usage.TryGetProperty("input_tokens", out var i) ? i.GetInt64() + (usage.TryGetProperty("cache_read_input_tokens", out var cr) ? cr.GetInt64() : 0) : input;
                    break;
            }
        }

        return new Answer(text.ToString(), calls.Select(c => (c.Id, c.Name, c.Arguments.ToString())).ToList(), FinishKind(finish), (input, output));
    }

    private static string FinishKind(string? reason) => reason switch
    {
        "tool_calls" or "tool_use" => "tool",
        "stop" or "end_turn" => "stop",
        _ => reason ?? "none",
    };
}
