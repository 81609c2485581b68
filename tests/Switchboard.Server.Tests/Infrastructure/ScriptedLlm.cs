using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;

namespace Switchboard.Server.Tests.Infrastructure;

/// <summary>
/// A fake LLM behind <see cref="FakeOpenAIUpstream"/> that speaks the OpenAI chat completions wire format (JSON and
/// SSE) and decides like a tool-using model would: <see cref="Decide"/> sees the request (messages and tools) and
/// returns text or tool calls. <see cref="Support"/> is a plausible support agent.
/// </summary>
public sealed partial class ScriptedLlm
{
    private int _calls;

    public ScriptedLlm(Func<JsonElement, LlmTurn> decide) => Decide = decide;

    public Func<JsonElement, LlmTurn> Decide { get; }

    /// <summary>Gets how many requests it answered.</summary>
    public int Calls => _calls;

    /// <summary>A support agent: looks orders up, changes addresses, refunds, searches the knowledge base, and answers from tool results.</summary>
    public static ScriptedLlm Support() => new(SupportPolicy);

    public Func<HttpContext, Task> Handler => async context =>
    {
        Interlocked.Increment(ref _calls);
        var request = (JsonElement)context.Items[FakeOpenAIUpstream.RequestItem]!;
        var turn = Decide(request);
        var stream = request.TryGetProperty("stream", out var s) && s.ValueKind == JsonValueKind.True;
        var model = request.GetProperty("model").GetString();
        if (!stream)
        {
            var message = new JsonObject { ["role"] = "assistant", ["content"] = turn.Text };
            if (turn.Calls.Count > 0)
            {
                message["tool_calls"] = new JsonArray(turn.Calls.Select((c, i) => (JsonNode)new JsonObject
                {
                    ["id"] = $"call_{i}_{Guid.NewGuid():N}",
                    ["type"] = "function",
                    ["function"] = new JsonObject { ["name"] = c.Name, ["arguments"] = c.Arguments },
                }).ToArray());
            }

            var body = new JsonObject
            {
                ["id"] = "chatcmpl-scripted",
                ["object"] = "chat.completion",
                ["created"] = 1,
                ["model"] = model,
                ["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["message"] = message, ["finish_reason"] = turn.Calls.Count > 0 ? "tool_calls" : "stop" }),
                ["usage"] = new JsonObject { ["prompt_tokens"] = 50, ["completion_tokens"] = 10, ["total_tokens"] = 60 },
            };
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(body.ToJsonString());
            return;
        }

        context.Response.ContentType = "text/event-stream";
        async Task Send(JsonObject chunk)
        {
            chunk["id"] = "chatcmpl-scripted";
            chunk["object"] = "chat.completion.chunk";
            chunk["created"] = 1;
            chunk["model"] = model;
            await context.Response.WriteAsync("data: " + chunk.ToJsonString() + "\n\n");
            await context.Response.Body.FlushAsync();
        }

        JsonObject Choice(JsonObject delta, string? finish) => new()
        {
            ["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["delta"] = delta, ["finish_reason"] = finish }),
        };

        await Send(Choice(new JsonObject { ["role"] = "assistant", ["content"] = string.Empty }, null));
        if (turn.Text is { Length: > 0 } text)
        {
            foreach (var piece in Regex.Split(text, @"(?<= )"))
            {
                await Send(Choice(new JsonObject { ["content"] = piece }, null));
            }
        }

        for (var i = 0; i < turn.Calls.Count; i++)
        {
            var call = turn.Calls[i];
            var half = call.Arguments.Length / 2;
            await Send(Choice(new JsonObject
            {
                ["tool_calls"] = new JsonArray(new JsonObject
                {
                    ["index"] = i,
                    ["id"] = $"call_{i}_{Guid.NewGuid():N}",
                    ["type"] = "function",
                    ["function"] = new JsonObject { ["name"] = call.Name, ["arguments"] = call.Arguments[..half] },
                }),
            }, null));
            await Send(Choice(new JsonObject
            {
                ["tool_calls"] = new JsonArray(new JsonObject { ["index"] = i, ["function"] = new JsonObject { ["arguments"] = call.Arguments[half..] } }),
            }, null));
        }

        await Send(Choice(new JsonObject(), turn.Calls.Count > 0 ? "tool_calls" : "stop"));
        await Send(new JsonObject { ["choices"] = new JsonArray(), ["usage"] = new JsonObject { ["prompt_tokens"] = 50, ["completion_tokens"] = 10, ["total_tokens"] = 60 } });
        await context.Response.WriteAsync("data: [DONE]\n\n");
    };

    /// <summary>The tools the request offers.</summary>
    public static HashSet<string> Tools(JsonElement request) =>
        request.TryGetProperty("tools", out var tools)
            ? tools.EnumerateArray().Select(t => t.GetProperty("function").GetProperty("name").GetString()!).ToHashSet()
            : [];

    /// <summary>The last message of the request.</summary>
    public static JsonElement Last(JsonElement request) => request.GetProperty("messages").EnumerateArray().Last();

    /// <summary>The text of the last user message.</summary>
    public static string LastUser(JsonElement request) =>
        request.GetProperty("messages").EnumerateArray().Last(m => m.GetProperty("role").GetString() == "user").GetProperty("content").GetString() ?? string.Empty;

    private static LlmTurn SupportPolicy(JsonElement request)
    {
        var last = Last(request);
        if (last.GetProperty("role").GetString() == "tool")
        {
            // Answer from the tool results of this turn, as a model grounded in tools would.
            var results = request.GetProperty("messages").EnumerateArray().Reverse().TakeWhile(m => m.GetProperty("role").GetString() == "tool")
                .Select(m => JsonDocument.Parse(m.GetProperty("content").GetString()!).RootElement)
                .Select(r => r.TryGetProperty("message", out var m) ? m.GetString() : r.TryGetProperty("error", out var e) ? "Sorry: " + e.GetString() : r.GetRawText());
            return LlmTurn.Say("(llm) " + string.Join(" ", results.Reverse()));
        }

        var text = LastUser(request);
        var tools = Tools(request);
        var order = OrderNumber().Match(text);
        var orderArgs = order.Success ? $"\"order_id\":\"{order.Value}\"" : null;
        if (tools.Contains("request_refund") && orderArgs is not null && text.Contains("refund", StringComparison.OrdinalIgnoreCase))
        {
            return LlmTurn.Call("request_refund", $"{{{orderArgs},\"reason\":\"customer request\"}}");
        }

        if (tools.Contains("update_shipping_address") && orderArgs is not null && text.Contains("address", StringComparison.OrdinalIgnoreCase))
        {
            var address = text[(text.LastIndexOf(" to ", StringComparison.Ordinal) + 4)..].TrimEnd('.');
            return LlmTurn.Call("update_shipping_address", $"{{{orderArgs},\"new_address\":{JsonSerializer.Serialize(address)}}}");
        }

        if (tools.Contains("get_order_status") && orderArgs is not null)
        {
            return LlmTurn.Call("get_order_status", $"{{{orderArgs}}}");
        }

        if (tools.Contains("kb_search"))
        {
            return LlmTurn.Call("kb_search", $"{{\"query\":{JsonSerializer.Serialize(text)}}}");
        }

        return LlmTurn.Say("(llm) I'm not sure I can help with that.");
    }

    [GeneratedRegex(@"ORD-\d+")]
    private static partial Regex OrderNumber();
}
