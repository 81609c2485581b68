using System.Buffers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Switchboard.Abstractions.Chat;

namespace Switchboard.Providers.OpenAI.Wire;

/// <summary>Writes a <see cref="ChatResponse"/> as an OpenAI <c>chat.completion</c> object.</summary>
public static class OpenAIChatResponseWriter
{
    /// <summary>Writes the response.</summary>
    /// <param name="output">Where the JSON goes.</param>
    /// <param name="response">The response; its <c>ModelId</c> is the model named in the output.</param>
    /// <param name="fallbackId">The id used when the response has none.</param>
    /// <param name="now">The time used when the response has no creation time.</param>
    public static void Write(IBufferWriter<byte> output, ChatResponse response, string fallbackId, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(response);

        using var writer = new Utf8JsonWriter(output, WireJson.WriterOptions);
        writer.WriteStartObject();
        writer.WriteString("id", response.ResponseId ?? fallbackId);
        writer.WriteString("object", "chat.completion");
        writer.WriteNumber("created", (response.CreatedAt ?? now).ToUnixTimeSeconds());
        writer.WriteString("model", response.ModelId);
        writer.WriteStartArray("choices");
        writer.WriteStartObject();
        writer.WriteNumber("index", 0);
        writer.WriteStartObject("message");
        writer.WriteString("role", "assistant");

        // One pass over the assistant's contents, without iterators: this runs for every non-streaming answer.
        string? text = null, reasoning = null;
        StringBuilder? texts = null, reasonings = null;
        List<FunctionCallContent>? calls = null;
        foreach (var message in response.Messages)
        {
            if (message.Role != ChatRole.Assistant)
            {
                continue;
            }

            foreach (var content in message.Contents)
            {
                switch (content)
                {
                    case TextContent part:
                        Append(ref text, ref texts, part.Text);
                        break;
                    case TextReasoningContent part:
                        Append(ref reasoning, ref reasonings, part.Text);
                        break;
                    case FunctionCallContent call:
                        (calls ??= []).Add(call);
                        break;
                }
            }
        }

        text = texts?.ToString() ?? text ?? string.Empty;
        reasoning = reasonings?.ToString() ?? reasoning ?? string.Empty;
        if (text.Length == 0 && calls is { Count: > 0 })
        {
            writer.WriteNull("content");
        }
        else
        {
            writer.WriteString("content", text);
        }

        if (reasoning.Length > 0)
        {
            writer.WriteString("reasoning_content", reasoning);
        }

        writer.WriteNull("refusal");
        if (calls is { Count: > 0 })
        {
            writer.WriteStartArray("tool_calls");
            foreach (var call in calls)
            {
                WriteToolCall(writer, call.CallId, call.Name, ToolCallArguments.GetJson(call), index: null);
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();
        writer.WriteNull("logprobs");
        writer.WriteString("finish_reason", OpenAIFinishReasons.Write(response.FinishReason) ?? (calls is { Count: > 0 } ? "tool_calls" : "stop"));
        writer.WriteEndObject();
        writer.WriteEndArray();
        if (response.AdditionalProperties?.GetValueOrDefault(ChatContentProperties.Metadata) is JsonElement { ValueKind: JsonValueKind.Object } metadata)
        {
            writer.WritePropertyName("switchboard");
            metadata.WriteTo(writer);
        }

        if (response.Usage is { } usage)
        {
            // An upstream that reports no usage gets none reported: unknown is never written as zero.
            WriteUsage(writer, usage);
        }
        writer.WriteEndObject();
    }

    /// <summary>
    /// Adds a part to the text so far. Most answers have one part, which is kept as it is; from the second on the
    /// parts go into a builder, instead of each one being copied together with everything before it.
    /// </summary>
    private static void Append(ref string? single, ref StringBuilder? many, string? part)
    {
        if (string.IsNullOrEmpty(part))
        {
            return;
        }

        if (many is not null)
        {
            many.Append(part);
        }
        else if (single is null)
        {
            single = part;
        }
        else
        {
            many = new StringBuilder(single.Length + part.Length).Append(single).Append(part);
        }
    }

    internal static void WriteToolCall(Utf8JsonWriter writer, string? id, string? name, string? arguments, int? index)
    {
        writer.WriteStartObject();
        if (index is { } i)
        {
            writer.WriteNumber("index", i);
        }

        if (id is not null)
        {
            writer.WriteString("id", id);
            writer.WriteString("type", "function");
        }

        writer.WriteStartObject("function");
        if (name is not null)
        {
            writer.WriteString("name", name);
        }

        writer.WriteString("arguments", arguments ?? string.Empty);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    internal static void WriteUsage(Utf8JsonWriter writer, UsageDetails usage)
    {
        var input = usage.InputTokenCount ?? 0;
        var output = usage.OutputTokenCount ?? 0;
        writer.WriteStartObject("usage");
        writer.WriteNumber("prompt_tokens", input);
        writer.WriteNumber("completion_tokens", output);
        writer.WriteNumber("total_tokens", usage.TotalTokenCount ?? input + output);
        if (usage.CachedInputTokenCount is { } cached)
        {
            writer.WriteStartObject("prompt_tokens_details");
            writer.WriteNumber("cached_tokens", cached);
            writer.WriteEndObject();
        }

        if (usage.ReasoningTokenCount is { } reasoning)
        {
            writer.WriteStartObject("completion_tokens_details");
            writer.WriteNumber("reasoning_tokens", reasoning);
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }
}
