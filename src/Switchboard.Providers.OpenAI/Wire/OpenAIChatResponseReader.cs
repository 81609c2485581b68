using System.Text.Json;
using Microsoft.Extensions.AI;
using Switchboard.Abstractions.Chat;

namespace Switchboard.Providers.OpenAI.Wire;

/// <summary>Reads OpenAI chat-completion responses and stream chunks into Microsoft.Extensions.AI types.</summary>
public static class OpenAIChatResponseReader
{
    /// <summary>Reads a non-streaming <c>chat.completion</c> object.</summary>
    /// <exception cref="JsonException">The object does not have the documented shape.</exception>
    public static ChatResponse ReadResponse(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException("The response is not a JSON object.");
        }

        var contents = new List<AIContent>();
        ChatFinishReason? finishReason = null;
        if (root.TryGetProperty("choices", out var choices) && choices.ValueKind == JsonValueKind.Array && choices.GetArrayLength() > 0)
        {
            var choice = choices[0];
            if (choice.ValueKind != JsonValueKind.Object)
            {
                throw new JsonException("A choice is not a JSON object.");
            }

            finishReason = OpenAIFinishReasons.Read(GetString(choice, "finish_reason"));
            if (choice.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.Object)
            {
                if (GetString(message, "reasoning_content") is { Length: > 0 } reasoning)
                {
                    contents.Add(new TextReasoningContent(reasoning));
                }

                if (GetString(message, "content") is { } text)
                {
                    contents.Add(new TextContent(text));
                }

                if (GetString(message, "refusal") is { Length: > 0 } refusal)
                {
                    contents.Add(new TextContent(refusal));
                }

                if (message.TryGetProperty("tool_calls", out var toolCalls) && toolCalls.ValueKind == JsonValueKind.Array)
                {
                    foreach (var call in toolCalls.EnumerateArray())
                    {
                        if (!call.TryGetProperty("function", out var function) || function.ValueKind != JsonValueKind.Object)
                        {
                            throw new JsonException("A tool call has no 'function' object.");
                        }

                        contents.Add(ToolCallArguments.CreateCall(
                            GetString(call, "id") ?? string.Empty,
                            GetString(function, "name") ?? string.Empty,
                            GetString(function, "arguments")));
                    }
                }
            }
        }
        else
        {
            throw new JsonException("The response has no 'choices'.");
        }

        return new ChatResponse(new ChatMessage(ChatRole.Assistant, contents))
        {
            ResponseId = GetString(root, "id"),
            ModelId = GetString(root, "model"),
            CreatedAt = ReadCreated(root),
            FinishReason = finishReason,
            Usage = ReadUsage(root),
        };
    }

    /// <summary>Reads one <c>chat.completion.chunk</c> object.</summary>
    /// <exception cref="JsonException">The object does not have the documented shape.</exception>
    public static ChatResponseUpdate ReadChunk(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException("The stream chunk is not a JSON object.");
        }

        var update = new ChatResponseUpdate
        {
            ResponseId = GetString(root, "id"),
            ModelId = GetString(root, "model"),
            CreatedAt = ReadCreated(root),
        };

        if (root.TryGetProperty("choices", out var choices) && choices.ValueKind == JsonValueKind.Array && choices.GetArrayLength() > 0)
        {
            var choice = choices[0];
            if (choice.ValueKind != JsonValueKind.Object)
            {
                throw new JsonException("A choice is not a JSON object.");
            }

            update.FinishReason = OpenAIFinishReasons.Read(GetString(choice, "finish_reason"));
            if (choice.TryGetProperty("delta", out var delta) && delta.ValueKind == JsonValueKind.Object)
            {
                if (GetString(delta, "role") is { } role)
                {
                    update.Role = new ChatRole(role);
                }

                if (GetString(delta, "reasoning_content") is { Length: > 0 } reasoning)
                {
                    update.Contents.Add(new TextReasoningContent(reasoning));
                }

                if (GetString(delta, "content") is { Length: > 0 } text)
                {
                    update.Contents.Add(new TextContent(text));
                }

                if (delta.TryGetProperty("tool_calls", out var toolCalls) && toolCalls.ValueKind == JsonValueKind.Array)
                {
                    var position = 0;
                    foreach (var call in toolCalls.EnumerateArray())
                    {
                        // Some OpenAI-compatible servers omit 'index'; fall back to the position in this delta.
                        var index = call.TryGetProperty("index", out var i) && i.ValueKind == JsonValueKind.Number && i.TryGetInt32(out var parsed) && parsed >= 0
                            ? parsed
                            : position;
                        position++;
                        var fragment = new FunctionCallUpdateContent(index) { CallId = GetString(call, "id") };
                        if (call.TryGetProperty("function", out var function) && function.ValueKind == JsonValueKind.Object)
                        {
                            fragment.Name = GetString(function, "name");
                            fragment.ArgumentsFragment = GetString(function, "arguments");
                        }

                        update.Contents.Add(fragment);
                    }
                }
            }
        }

        if (ReadUsage(root) is { } usage)
        {
            update.Contents.Add(new UsageContent(usage));
        }

        return update;
    }

    /// <summary>Reads an OpenAI <c>usage</c> object, or null when absent.</summary>
    public static UsageDetails? ReadUsage(JsonElement root)
    {
        if (!root.TryGetProperty("usage", out var usage) || usage.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var details = new UsageDetails
        {
            InputTokenCount = GetLong(usage, "prompt_tokens"),
            OutputTokenCount = GetLong(usage, "completion_tokens"),
            TotalTokenCount = GetLong(usage, "total_tokens"),
        };
        if (usage.TryGetProperty("prompt_tokens_details", out var prompt) && prompt.ValueKind == JsonValueKind.Object)
        {
            details.CachedInputTokenCount = GetLong(prompt, "cached_tokens");
        }

        if (usage.TryGetProperty("completion_tokens_details", out var completion) && completion.ValueKind == JsonValueKind.Object)
        {
            details.ReasoningTokenCount = GetLong(completion, "reasoning_tokens");
        }

        return details;
    }

    // Some compatible servers send milliseconds or nonsense; an unusable timestamp is dropped, not fatal.
    private static DateTimeOffset? ReadCreated(JsonElement root) =>
        GetLong(root, "created") is { } seconds && seconds is >= 0 and <= 253402300799 ? DateTimeOffset.FromUnixTimeSeconds(seconds) : null;

    private static string? GetString(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static long? GetLong(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var n) ? n : null;
}
