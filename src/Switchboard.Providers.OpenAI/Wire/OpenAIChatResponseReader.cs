using System.Text.Json;
using Microsoft.Extensions.AI;
using Switchboard.Abstractions.Chat;
using Switchboard.Abstractions.Json;

namespace Switchboard.Providers.OpenAI.Wire;

/// <summary>
/// Reads an OpenAI <c>chat.completion</c> object into a <see cref="ChatResponse"/>, in one forward pass over its UTF-8
/// bytes (see <see cref="JsonTokens"/> for how lenient it is). Stream chunks have their own reader,
/// <see cref="OpenAIChunkReader"/>.
/// </summary>
public static class OpenAIChatResponseReader
{
    /// <summary>Reads a non-streaming <c>chat.completion</c> object.</summary>
    /// <param name="utf8">The whole response body.</param>
    /// <exception cref="JsonException">The body is not JSON, or not of the documented shape.</exception>
    public static ChatResponse ReadResponse(ReadOnlySpan<byte> utf8)
    {
        try
        {
            return Read(JsonTokens.WithoutBom(utf8));
        }
        catch (InvalidOperationException exception)
        {
            throw JsonTokens.Malformed(exception);
        }
    }

    private static ChatResponse Read(ReadOnlySpan<byte> utf8)
    {
        var reader = new Utf8JsonReader(utf8);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("The response is not a JSON object.");
        }

        string? id = null;
        string? model = null;
        long? created = null;
        UsageDetails? usage = null;
        Choice? choice = null;
        while (JsonTokens.NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("choices"u8))
            {
                choice = ReadFirstChoice(ref reader);
            }
            else if (reader.ValueTextEquals("id"u8))
            {
                id = JsonTokens.ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("model"u8))
            {
                model = JsonTokens.ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("created"u8))
            {
                created = JsonTokens.ReadInt64(ref reader);
            }
            else if (reader.ValueTextEquals("usage"u8))
            {
                usage = ReadUsage(ref reader);
            }
            else
            {
                reader.Skip();
            }
        }

        JsonTokens.End(ref reader);
        if (choice is null)
        {
            throw new JsonException("The response has no 'choices'.");
        }

        return new ChatResponse(new ChatMessage(ChatRole.Assistant, choice.Contents))
        {
            ResponseId = id,
            ModelId = model,
            CreatedAt = CreatedAt(created),
            FinishReason = choice.FinishReason,
            Usage = usage,
        };
    }

    /// <summary>Reads the value of a <c>usage</c> property: an OpenAI usage object, or null when it is not an object.</summary>
    internal static UsageDetails? ReadUsage(ref Utf8JsonReader reader)
    {
        if (!JsonTokens.StartObject(ref reader))
        {
            return null;
        }

        var details = new UsageDetails();
        while (JsonTokens.NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("prompt_tokens"u8))
            {
                details.InputTokenCount = JsonTokens.ReadCount(ref reader);
            }
            else if (reader.ValueTextEquals("completion_tokens"u8))
            {
                details.OutputTokenCount = JsonTokens.ReadCount(ref reader);
            }
            else if (reader.ValueTextEquals("total_tokens"u8))
            {
                details.TotalTokenCount = JsonTokens.ReadCount(ref reader);
            }
            else if (reader.ValueTextEquals("prompt_tokens_details"u8))
            {
                details.CachedInputTokenCount = ReadDetail(ref reader, "cached_tokens"u8);
            }
            else if (reader.ValueTextEquals("completion_tokens_details"u8))
            {
                details.ReasoningTokenCount = ReadDetail(ref reader, "reasoning_tokens"u8);
            }
            else
            {
                reader.Skip();
            }
        }

        return details;
    }

    /// <summary>
    /// The creation time of a <c>created</c> value in seconds. Some compatible servers send milliseconds or nonsense; an
    /// unusable timestamp is dropped, not fatal.
    /// </summary>
    internal static DateTimeOffset? CreatedAt(long? seconds) =>
        seconds is >= 0 and <= 253402300799 ? DateTimeOffset.FromUnixTimeSeconds(seconds.Value) : null;

    /// <summary>Reads the value of a <c>finish_reason</c> property; known values are matched without a new string.</summary>
    internal static ChatFinishReason? ReadFinishReason(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType != JsonTokenType.String)
        {
            reader.Skip();
            return null;
        }

        return reader.ValueTextEquals("stop"u8) ? ChatFinishReason.Stop
            : reader.ValueTextEquals("length"u8) ? ChatFinishReason.Length
            : reader.ValueTextEquals("tool_calls"u8) ? ChatFinishReason.ToolCalls
            : OpenAIFinishReasons.Read(JsonTokens.GetString(ref reader));
    }

    private static long? ReadDetail(ref Utf8JsonReader reader, ReadOnlySpan<byte> name)
    {
        if (!JsonTokens.StartObject(ref reader))
        {
            return null;
        }

        long? value = null;
        while (JsonTokens.NextProperty(ref reader))
        {
            if (reader.ValueTextEquals(name))
            {
                value = JsonTokens.ReadCount(ref reader);
            }
            else
            {
                reader.Skip();
            }
        }

        return value;
    }

    /// <summary>Reads a <c>choices</c> value: the first choice, or null when it is not a non-empty array.</summary>
    private static Choice? ReadFirstChoice(ref Utf8JsonReader reader)
    {
        if (!JsonTokens.StartArray(ref reader))
        {
            return null;
        }

        Choice? first = null;
        while (JsonTokens.NextElement(ref reader))
        {
            if (first is not null)
            {
                reader.Skip();
                continue;
            }

            if (reader.TokenType != JsonTokenType.StartObject)
            {
                throw new JsonException("A choice is not a JSON object.");
            }

            first = ReadChoice(ref reader);
        }

        return first;
    }

    private static Choice ReadChoice(ref Utf8JsonReader reader)
    {
        var choice = new Choice();
        while (JsonTokens.NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("message"u8))
            {
                choice.Contents = ReadMessage(ref reader);
            }
            else if (reader.ValueTextEquals("finish_reason"u8))
            {
                choice.FinishReason = ReadFinishReason(ref reader);
            }
            else
            {
                reader.Skip();
            }
        }

        return choice;
    }

    /// <summary>Reads a <c>message</c> value into its contents: reasoning, text, refusal, then tool calls.</summary>
    private static List<AIContent> ReadMessage(ref Utf8JsonReader reader)
    {
        var contents = new List<AIContent>();
        if (!JsonTokens.StartObject(ref reader))
        {
            return contents;
        }

        string? text = null;
        string? reasoning = null;
        string? refusal = null;
        List<AIContent>? calls = null;
        while (JsonTokens.NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("content"u8))
            {
                text = JsonTokens.ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("tool_calls"u8))
            {
                calls = ReadToolCalls(ref reader);
            }
            else if (reader.ValueTextEquals("reasoning_content"u8))
            {
                reasoning = JsonTokens.ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("refusal"u8))
            {
                refusal = JsonTokens.ReadString(ref reader);
            }
            else
            {
                reader.Skip();
            }
        }

        if (reasoning is { Length: > 0 })
        {
            contents.Add(new TextReasoningContent(reasoning));
        }

        if (text is not null)
        {
            contents.Add(new TextContent(text));
        }

        if (refusal is { Length: > 0 })
        {
            contents.Add(RefusalText.Create(refusal));
        }

        if (calls is not null)
        {
            contents.AddRange(calls);
        }

        return contents;
    }

    private static List<AIContent>? ReadToolCalls(ref Utf8JsonReader reader)
    {
        if (!JsonTokens.StartArray(ref reader))
        {
            return null;
        }

        var calls = new List<AIContent>();
        while (JsonTokens.NextElement(ref reader))
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                throw new JsonException("A tool call is not a JSON object.");
            }

            string? id = null;
            string? name = null;
            string? arguments = null;
            var hasFunction = false;
            while (JsonTokens.NextProperty(ref reader))
            {
                if (reader.ValueTextEquals("id"u8))
                {
                    id = JsonTokens.ReadString(ref reader);
                }
                else if (reader.ValueTextEquals("function"u8))
                {
                    hasFunction = JsonTokens.StartObject(ref reader);
                    (name, arguments) = hasFunction ? ReadFunction(ref reader) : (null, null);
                }
                else
                {
                    reader.Skip();
                }
            }

            if (!hasFunction)
            {
                throw new JsonException("A tool call has no 'function' object.");
            }

            calls.Add(ToolCallArguments.CreateCall(id ?? string.Empty, name ?? string.Empty, arguments));
        }

        return calls;
    }

    /// <summary>Reads the rest of a <c>function</c> object whose start the reader is on: its name and arguments.</summary>
    internal static (string? Name, string? Arguments) ReadFunction(ref Utf8JsonReader reader)
    {
        string? name = null;
        string? arguments = null;
        while (JsonTokens.NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("arguments"u8))
            {
                arguments = JsonTokens.ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("name"u8))
            {
                name = JsonTokens.ReadString(ref reader);
            }
            else
            {
                reader.Skip();
            }
        }

        return (name, arguments);
    }

    /// <summary>What the first choice of a response says.</summary>
    private sealed class Choice
    {
        public List<AIContent> Contents { get; set; } = [];

        public ChatFinishReason? FinishReason { get; set; }
    }
}
