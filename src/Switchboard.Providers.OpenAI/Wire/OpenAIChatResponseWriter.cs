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
        writer.WriteString("id"u8, response.ResponseId ?? fallbackId);
        writer.WriteString("object"u8, "chat.completion"u8);
        writer.WriteNumber("created"u8, (response.CreatedAt ?? now).ToUnixTimeSeconds());
        writer.WriteString("model"u8, response.ModelId);
        writer.WriteStartArray("choices"u8);
        writer.WriteStartObject();
        writer.WriteNumber("index"u8, 0);
        writer.WriteStartObject("message"u8);
        writer.WriteString("role"u8, "assistant"u8);

        // One pass over the assistant's contents, without iterators: this runs for every non-streaming answer.
        string? text = null, reasoning = null, refusal = null;
        StringBuilder? texts = null, reasonings = null, refusals = null;
        List<FunctionCallContent>? calls = null;
        var messages = response.Messages;
        for (var m = 0; m < messages.Count; m++) // indexed: a foreach over an IList boxes its enumerator
        {
            var message = messages[m];
            if (message.Role != ChatRole.Assistant)
            {
                continue;
            }

            var contents = message.Contents;
            for (var i = 0; i < contents.Count; i++)
            {
                switch (contents[i])
                {
                    case TextContent part when RefusalText.IsRefusal(part):
                        TextParts.Append(ref refusal, ref refusals, part.Text);
                        break;
                    case TextContent part:
                        TextParts.Append(ref text, ref texts, part.Text);
                        break;
                    case TextReasoningContent part:
                        TextParts.Append(ref reasoning, ref reasonings, part.Text);
                        break;
                    case FunctionCallContent call:
                        (calls ??= []).Add(call);
                        break;
                }
            }
        }

        text = texts?.ToString() ?? text ?? string.Empty;
        reasoning = reasonings?.ToString() ?? reasoning ?? string.Empty;
        refusal = refusals?.ToString() ?? refusal;
        if (text.Length == 0 && (calls is { Count: > 0 } || refusal is not null))
        {
            writer.WriteNull("content"u8);
        }
        else
        {
            writer.WriteString("content"u8, text);
        }

        if (reasoning.Length > 0)
        {
            writer.WriteString("reasoning_content"u8, reasoning);
        }

        if (refusal is null)
        {
            writer.WriteNull("refusal"u8);
        }
        else
        {
            writer.WriteString("refusal"u8, refusal);
        }

        if (calls is { Count: > 0 })
        {
            writer.WriteStartArray("tool_calls"u8);
            foreach (var call in calls)
            {
                WriteToolCall(writer, call.CallId, call.Name, ToolCallArguments.GetJson(call), index: null);
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();
        writer.WriteNull("logprobs"u8);
        writer.WriteString("finish_reason"u8, OpenAIFinishReasons.Write(response.FinishReason) ?? (calls is { Count: > 0 } ? "tool_calls" : "stop"));
        writer.WriteEndObject();
        writer.WriteEndArray();
        if (response.AdditionalProperties?.GetValueOrDefault(ChatContentProperties.Metadata) is JsonElement { ValueKind: JsonValueKind.Object } metadata)
        {
            writer.WritePropertyName("switchboard"u8);
            metadata.WriteTo(writer);
        }

        if (response.Usage is { } usage)
        {
            // An upstream that reports no usage gets none reported: unknown is never written as zero.
            WriteUsage(writer, usage);
        }
        writer.WriteEndObject();
    }

    internal static void WriteToolCall(Utf8JsonWriter writer, string? id, string? name, string? arguments, int? index)
    {
        writer.WriteStartObject();
        if (index is { } i)
        {
            writer.WriteNumber("index"u8, i);
        }

        if (id is not null)
        {
            writer.WriteString("id"u8, id);
            writer.WriteString("type"u8, "function"u8);
        }

        writer.WriteStartObject("function"u8);
        if (name is not null)
        {
            writer.WriteString("name"u8, name);
        }

        writer.WriteString("arguments"u8, arguments ?? string.Empty);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    internal static void WriteUsage(Utf8JsonWriter writer, UsageDetails usage)
    {
        var input = usage.InputTokenCount ?? 0;
        var output = usage.OutputTokenCount ?? 0;
        writer.WriteStartObject("usage"u8);
        writer.WriteNumber("prompt_tokens"u8, input);
        writer.WriteNumber("completion_tokens"u8, output);
        writer.WriteNumber("total_tokens"u8, usage.TotalTokenCount ?? input + output);
        if (usage.CachedInputTokenCount is { } cached)
        {
            writer.WriteStartObject("prompt_tokens_details"u8);
            writer.WriteNumber("cached_tokens"u8, cached);
            writer.WriteEndObject();
        }

        if (usage.ReasoningTokenCount is { } reasoning)
        {
            writer.WriteStartObject("completion_tokens_details"u8);
            writer.WriteNumber("reasoning_tokens"u8, reasoning);
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }
}
