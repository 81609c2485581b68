using System.Buffers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Switchboard.Abstractions.Chat;

namespace Switchboard.Providers.OpenAI.Wire;

/// <summary>Writes Microsoft.Extensions.AI messages and options as an OpenAI chat-completions request body.</summary>
public static class OpenAIChatRequestWriter
{
    /// <summary>Writes the request body.</summary>
    /// <param name="output">Where the JSON goes.</param>
    /// <param name="messages">The conversation.</param>
    /// <param name="options">The options; <see cref="ChatOptions.ModelId"/> must be the upstream model id.</param>
    /// <param name="stream">Whether to ask for Server-Sent Events (with a usage chunk).</param>
    /// <param name="maxTokensField">
    /// The field an output-token limit goes under when the caller named none (<c>max_tokens</c> or
    /// <c>max_completion_tokens</c>); one it named is kept.
    /// </param>
    public static void Write(IBufferWriter<byte> output, IEnumerable<ChatMessage> messages, ChatOptions options, bool stream, string maxTokensField = "max_tokens")
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(messages);
        ArgumentNullException.ThrowIfNull(options);

        using var writer = new Utf8JsonWriter(output, WireJson.WriterOptions);
        writer.WriteStartObject();
        writer.WriteString("model", options.ModelId);
        writer.WriteStartArray("messages");
        if (!string.IsNullOrEmpty(options.Instructions))
        {
            writer.WriteStartObject();
            writer.WriteString("role", "system");
            writer.WriteString("content", options.Instructions);
            writer.WriteEndObject();
        }

        foreach (var message in messages)
        {
            WriteMessage(writer, message);
        }

        writer.WriteEndArray();

        if (stream)
        {
            writer.WriteBoolean("stream", true);
            writer.WriteStartObject("stream_options");
            writer.WriteBoolean("include_usage", true);
            writer.WriteEndObject();
        }

        WriteNumber(writer, "temperature", options.Temperature);
        WriteNumber(writer, "top_p", options.TopP);
        WriteNumber(writer, "frequency_penalty", options.FrequencyPenalty);
        WriteNumber(writer, "presence_penalty", options.PresencePenalty);
        if (options.MaxOutputTokens is { } maxTokens)
        {
            var field = options.AdditionalProperties?.GetValueOrDefault(OpenAIWireProperties.UseMaxCompletionTokens) switch
            {
                true => "max_completion_tokens",
                false => "max_tokens",
                _ => maxTokensField,
            };
            writer.WriteNumber(field, maxTokens);
        }

        if (options.Seed is { } seed)
        {
            writer.WriteNumber("seed", seed);
        }

        if (options.StopSequences is { Count: > 0 } stop)
        {
            writer.WriteStartArray("stop");
            foreach (var s in stop)
            {
                writer.WriteStringValue(s);
            }

            writer.WriteEndArray();
        }

        WriteTools(writer, options);
        WriteResponseFormat(writer, options);

        if (options.AdditionalProperties?.TryGetValue(OpenAIWireProperties.ExtraFields, out var extras) == true
            && extras is IReadOnlyDictionary<string, JsonElement> fields)
        {
            foreach (var (name, value) in fields)
            {
                writer.WritePropertyName(name);
                value.WriteTo(writer);
            }
        }

        writer.WriteEndObject();
    }

    private static void WriteMessage(Utf8JsonWriter writer, ChatMessage message)
    {
        if (message.Role == ChatRole.Tool)
        {
            // One OpenAI tool message per result.
            foreach (var result in message.Contents.OfType<FunctionResultContent>())
            {
                writer.WriteStartObject();
                writer.WriteString("role", "tool");
                writer.WriteString("tool_call_id", result.CallId);
                writer.WriteString("content", ResultText(result));
                writer.WriteEndObject();
            }

            return;
        }

        writer.WriteStartObject();
        writer.WriteString("role", message.Role.Value);
        if (!string.IsNullOrEmpty(message.AuthorName))
        {
            writer.WriteString("name", message.AuthorName);
        }

        // One indexed pass over the contents: this runs for every message of every request, and LINQ or a foreach
        // over the IList allocated iterators and enumerators for each message.
        var contents = message.Contents;
        var hasMedia = false;
        var hasCalls = false;
        string? text = null;
        StringBuilder? texts = null;
        for (var i = 0; i < contents.Count; i++)
        {
            switch (contents[i])
            {
                case DataContent or UriContent or RawContentPart:
                    hasMedia = true;
                    break;
                case TextContent part:
                    TextParts.Append(ref text, ref texts, part.Text);
                    break;
                case FunctionCallContent:
                    hasCalls = true;
                    break;
            }
        }

        if (hasMedia)
        {
            writer.WriteStartArray("content");
            for (var i = 0; i < contents.Count; i++)
            {
                WritePart(writer, contents[i]);
            }

            writer.WriteEndArray();
        }
        else
        {
            text = texts?.ToString() ?? text ?? string.Empty;
            if (text.Length == 0 && message.Role == ChatRole.Assistant && hasCalls)
            {
                writer.WriteNull("content");
            }
            else
            {
                writer.WriteString("content", text);
            }
        }

        var first = true;
        for (var i = 0; hasCalls && i < contents.Count; i++)
        {
            if (contents[i] is not FunctionCallContent call)
            {
                continue;
            }

            if (first)
            {
                writer.WriteStartArray("tool_calls");
                first = false;
            }

            writer.WriteStartObject();
            writer.WriteString("id", call.CallId);
            writer.WriteString("type", "function");
            writer.WriteStartObject("function");
            writer.WriteString("name", call.Name);
            writer.WriteString("arguments", ToolCallArguments.GetJson(call));
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        if (!first)
        {
            writer.WriteEndArray();
        }

        writer.WriteEndObject();
    }

    private static void WritePart(Utf8JsonWriter writer, AIContent content)
    {
        switch (content)
        {
            case TextContent text:
                writer.WriteStartObject();
                writer.WriteString("type", "text");
                writer.WriteString("text", text.Text);
                writer.WriteEndObject();
                break;
            case DataContent data:
                WriteImage(writer, data.Uri, data);
                break;
            case UriContent uri:
                // As the caller wrote it: ToString() would unescape it, turning a signed URL's %2B into '+'.
                WriteImage(writer, uri.Uri.IsAbsoluteUri ? uri.Uri.OriginalString : uri.Uri.ToString(), uri);
                break;
            case RawContentPart raw:
                raw.Json.WriteTo(writer);
                break;
        }
    }

    private static void WriteImage(Utf8JsonWriter writer, string url, AIContent content)
    {
        writer.WriteStartObject();
        writer.WriteString("type", "image_url");
        writer.WriteStartObject("image_url");
        writer.WriteString("url", url);
        if (content.AdditionalProperties?.TryGetValue(OpenAIWireProperties.ImageDetail, out var detail) == true && detail is string text)
        {
            writer.WriteString("detail", text);
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static string ResultText(FunctionResultContent result) => result.Result switch
    {
        null => string.Empty,
        string s => s,
        JsonElement element when element.ValueKind == JsonValueKind.String => element.GetString() ?? string.Empty,
        var other => JsonSerializer.Serialize(other, AIJsonUtilities.DefaultOptions.GetTypeInfo(typeof(object))),
    };

    private static void WriteTools(Utf8JsonWriter writer, ChatOptions options)
    {
        if (options.Tools is not { Count: > 0 } tools)
        {
            return;
        }

        writer.WriteStartArray("tools");
        foreach (var tool in tools.OfType<AIFunctionDeclaration>())
        {
            writer.WriteStartObject();
            writer.WriteString("type", "function");
            writer.WriteStartObject("function");
            writer.WriteString("name", tool.Name);
            if (!string.IsNullOrEmpty(tool.Description))
            {
                writer.WriteString("description", tool.Description);
            }

            writer.WritePropertyName("parameters");
            tool.JsonSchema.WriteTo(writer);
            if (tool is ToolDeclaration { Strict: { } strict })
            {
                writer.WriteBoolean("strict", strict);
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();

        switch (options.ToolMode)
        {
            case NoneChatToolMode:
                writer.WriteString("tool_choice", "none");
                break;
            case AutoChatToolMode:
                writer.WriteString("tool_choice", "auto");
                break;
            case RequiredChatToolMode { RequiredFunctionName: null }:
                writer.WriteString("tool_choice", "required");
                break;
            case RequiredChatToolMode { RequiredFunctionName: { } name }:
                writer.WriteStartObject("tool_choice");
                writer.WriteString("type", "function");
                writer.WriteStartObject("function");
                writer.WriteString("name", name);
                writer.WriteEndObject();
                writer.WriteEndObject();
                break;
        }

        if (options.AllowMultipleToolCalls is { } parallel)
        {
            writer.WriteBoolean("parallel_tool_calls", parallel);
        }
    }

    private static void WriteResponseFormat(Utf8JsonWriter writer, ChatOptions options)
    {
        switch (options.ResponseFormat)
        {
            case ChatResponseFormatText:
                writer.WriteStartObject("response_format");
                writer.WriteString("type", "text");
                writer.WriteEndObject();
                break;
            case ChatResponseFormatJson { Schema: null }:
                writer.WriteStartObject("response_format");
                writer.WriteString("type", "json_object");
                writer.WriteEndObject();
                break;
            case ChatResponseFormatJson { Schema: { } schema } json:
                writer.WriteStartObject("response_format");
                writer.WriteString("type", "json_schema");
                writer.WriteStartObject("json_schema");
                writer.WriteString("name", json.SchemaName ?? "response");
                if (json.SchemaDescription is not null)
                {
                    writer.WriteString("description", json.SchemaDescription);
                }

                writer.WritePropertyName("schema");
                schema.WriteTo(writer);
                if (options.AdditionalProperties?.TryGetValue(OpenAIWireProperties.StrictResponseFormat, out var strict) == true && strict is bool isStrict)
                {
                    writer.WriteBoolean("strict", isStrict);
                }

                writer.WriteEndObject();
                writer.WriteEndObject();
                break;
        }
    }

    private static void WriteNumber(Utf8JsonWriter writer, string name, float? value)
    {
        if (value is { } v)
        {
            // Write the shortest round-trip form of the float, so 0.7f goes out as 0.7 and not 0.699999988.
            writer.WriteNumber(name, double.Parse(v.ToString("R", System.Globalization.CultureInfo.InvariantCulture), System.Globalization.CultureInfo.InvariantCulture));
        }
    }
}
