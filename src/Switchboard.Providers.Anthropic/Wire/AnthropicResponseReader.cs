using System.Text.Json;
using Microsoft.Extensions.AI;
using Switchboard.Abstractions.Chat;
using Switchboard.Abstractions.Json;

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

        var stopReason = Text(root, "stop_reason");
        return new ChatResponse(new ChatMessage(ChatRole.Assistant, contents))
        {
            ResponseId = Text(root, "id"),
            ModelId = Text(root, "model"),
            FinishReason = AnthropicStopReasons.Read(stopReason),
            Usage = root.TryGetProperty("usage", out var usage) ? ReadUsage(usage, null) : null,
            AdditionalProperties = StopDetails(stopReason, Text(root, "stop_sequence")),
        };
    }

    /// <summary>Anthropic's stop reason and stop sequence as they were, for an Anthropic client; null when there are none.</summary>
    internal static AdditionalPropertiesDictionary? StopDetails(string? stopReason, string? stopSequence)
    {
        if (string.IsNullOrWhiteSpace(stopReason) && stopSequence is null)
        {
            return null;
        }

        var details = new AdditionalPropertiesDictionary();
        if (!string.IsNullOrWhiteSpace(stopReason))
        {
            details[AnthropicWireProperties.StopReason] = stopReason;
        }

        if (stopSequence is not null)
        {
            details[AnthropicWireProperties.StopSequence] = stopSequence;
        }

        return details;
    }

    /// <summary>Reads a <c>usage</c> object; input counts include cache reads and writes, which are also reported apart.</summary>
    internal static UsageDetails ReadUsage(JsonElement usage, UsageDetails? earlier) =>
        usage.ValueKind != JsonValueKind.Object
            ? earlier ?? new UsageDetails()
            : Merge(
                new AnthropicUsage(
                    Number(usage, "input_tokens"),
                    Number(usage, "cache_read_input_tokens"),
                    Number(usage, "cache_creation_input_tokens"),
                    Number(usage, "output_tokens")),
                earlier);

    /// <summary>
    /// Adds the counts of one <c>usage</c> object to what the stream reported before (a stream reports input at its
    /// start and output at its end): input counts include cache reads and writes, which are also reported apart.
    /// </summary>
    internal static UsageDetails Merge(AnthropicUsage usage, UsageDetails? earlier)
    {
        var details = earlier ?? new UsageDetails();
        if (usage.Input is not null || usage.CacheRead is not null || usage.CacheWrite is not null)
        {
            // Field by field: a later usage object that leaves out the cache counts keeps the earlier ones.
            var earlierRead = details.CachedInputTokenCount ?? 0;
            var earlierWrite = CacheWrites(details);
            var plain = usage.Input ?? Math.Max(0, (details.InputTokenCount ?? 0) - earlierRead - earlierWrite);
            var read = usage.CacheRead ?? earlierRead;
            var write = usage.CacheWrite ?? earlierWrite;
            details.InputTokenCount = plain + read + write;
            details.CachedInputTokenCount = usage.CacheRead ?? details.CachedInputTokenCount;
            if (usage.CacheWrite is not null || write > 0)
            {
                details.AdditionalCounts ??= [];
                details.AdditionalCounts[CacheCreationInputTokens] = write;
            }
        }

        details.OutputTokenCount = usage.Output ?? details.OutputTokenCount;
        details.TotalTokenCount = (details.InputTokenCount ?? 0) + (details.OutputTokenCount ?? 0);
        return details;
    }

    /// <summary>The <c>AdditionalCounts</c> key of the input tokens written to Anthropic's prompt cache.</summary>
    public const string CacheCreationInputTokens = UsageCounts.CacheWriteInputTokens;

    /// <summary>The input tokens a usage says were written to the prompt cache (part of its input count).</summary>
    internal static long CacheWrites(UsageDetails? usage) => UsageCounts.CacheWrites(usage);

    internal static string? Text(JsonElement obj, string name) =>
        obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static long? Number(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var n) ? JsonTokens.IsCount(n) : null;
}
