using System.Text.Json;
using Microsoft.Extensions.AI;
using Switchboard.Abstractions.Chat;

namespace Switchboard.Providers.Anthropic.Wire;

/// <summary>Reads a non-streaming Anthropic <c>message</c> object.</summary>
public static class AnthropicResponseReader
{
    /// <summary>Reads the response.</summary>
    /// <exception cref="JsonException">The object does not have the documented shape.</exception>
    public static ChatResponse Read(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("content", out var blocks) || blocks.ValueKind != JsonValueKind.Array)
        {
            throw new JsonException("The response is not a message with 'content'.");
        }

        var contents = new List<AIContent>();
        foreach (var block in blocks.EnumerateArray())
        {
            switch (Text(block, "type"))
            {
                case "text":
                    contents.Add(new TextContent(Text(block, "text")));
                    break;
                case "thinking":
                    contents.Add(new TextReasoningContent(Text(block, "thinking")));
                    break;
                case "tool_use":
                    var input = block.TryGetProperty("input", out var value) ? value.GetRawText() : "{}";
                    contents.Add(ToolCallArguments.CreateCall(Text(block, "id") ?? string.Empty, Text(block, "name") ?? string.Empty, input));
                    break;
            }
        }

        return new ChatResponse(new ChatMessage(ChatRole.Assistant, contents))
        {
            ResponseId = Text(root, "id"),
            ModelId = Text(root, "model"),
            FinishReason = AnthropicStopReasons.Read(Text(root, "stop_reason")),
            Usage = root.TryGetProperty("usage", out var usage) ? ReadUsage(usage, null) : null,
        };
    }

    /// <summary>Reads a <c>usage</c> object; input counts include cache reads and writes, which are also reported apart.</summary>
    internal static UsageDetails ReadUsage(JsonElement usage, UsageDetails? earlier)
    {
        var details = earlier ?? new UsageDetails();
        if (usage.ValueKind != JsonValueKind.Object)
        {
            return details;
        }

        var input = Number(usage, "input_tokens");
        var cacheRead = Number(usage, "cache_read_input_tokens");
        var cacheWrite = Number(usage, "cache_creation_input_tokens");
        if (input is not null || cacheRead is not null || cacheWrite is not null)
        {
            details.InputTokenCount = (input ?? 0) + (cacheRead ?? 0) + (cacheWrite ?? 0);
            details.CachedInputTokenCount = cacheRead ?? details.CachedInputTokenCount;
            if (cacheWrite is { } written)
            {
                details.AdditionalCounts ??= [];
                details.AdditionalCounts["cache_creation_input_tokens"] = written;
            }
        }

        details.OutputTokenCount = Number(usage, "output_tokens") ?? details.OutputTokenCount;
        details.TotalTokenCount = (details.InputTokenCount ?? 0) + (details.OutputTokenCount ?? 0);
        return details;
    }

    internal static string? Text(JsonElement obj, string name) =>
        obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static long? Number(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var n) ? n : null;
}
