using System.Globalization;
using System.Text.Json;

namespace Switchboard.Cli.Commands;

/// <summary>Prints the events of an agent conversation as they arrive: text, tool calls and results, handoffs, escalations.</summary>
internal static class AgentEventPrinter
{
    /// <summary>Prints one event; returns true or false when the run ended (successfully or not), null otherwise.</summary>
    public static async Task<bool?> PrintAsync(string? name, JsonElement data, TextWriter output)
    {
        switch (name)
        {
            case "text.delta":
                await output.WriteAsync(data.GetProperty("text").GetString());
                break;
            case "handoff":
                var confidence = data.TryGetProperty("confidence", out var c) && c.ValueKind == JsonValueKind.Number
                    ? " " + c.GetDouble().ToString("0.00", CultureInfo.InvariantCulture)
                    : string.Empty;
                await output.WriteLineAsync($"  [handoff {data.GetProperty("from").GetString()} -> {data.GetProperty("to").GetString()} ({data.GetProperty("method").GetString()}{confidence})]");
                break;
            case "tool.call":
                await output.WriteLineAsync($"  [tool {data.GetProperty("tool").GetString()} {data.GetProperty("arguments").GetString()}]");
                break;
            case "tool.result":
                await output.WriteLineAsync($"  [tool {data.GetProperty("tool").GetString()}: {data.GetProperty("status").GetString()}, {data.GetProperty("duration_ms").GetInt64()} ms]");
                break;
            case "escalation":
                await output.WriteLineAsync($"  [escalated to {data.GetProperty("team").GetString()} ({data.GetProperty("priority").GetString()}): {data.GetProperty("reason").GetString()}]");
                break;
            case "message":
                var message = data.GetProperty("message");
                if (message.GetProperty("role").GetString() == "assistant" && message.TryGetProperty("finish_reason", out var finish) && finish.GetString() == "handoff")
                {
                    await output.WriteLineAsync(message.GetProperty("content").GetString());
                }

                break;
            case "done":
                var status = data.GetProperty("status").GetString();
                await output.WriteLineAsync(status switch
                {
                    "escalated" => "  [waiting for a person; your messages are passed on]",
                    "human" => "  [a person is answering; your message was passed on]",
                    _ => string.Empty,
                });
                return true;
            default:
                return null;
        }

        await output.FlushAsync();
        return null;
    }
}
