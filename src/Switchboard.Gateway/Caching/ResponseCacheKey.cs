using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Switchboard.Abstractions.Chat;

namespace Switchboard.Gateway.Caching;

/// <summary>
/// Computes the exact-match key of a chat request: SHA-256 over a canonical JSON serialization of everything that can
/// change the answer. That is the partition (the tenant), the model and the route override; every message (role,
/// author, each content part); the instructions, tools, tool mode and response format; the sampling settings
/// (temperature, top-p, top-k, maximum output tokens, stop sequences, seed, frequency and presence penalties,
/// reasoning); and every other additional property of the options, such as the request fields the OpenAI codec
/// forwards verbatim. Dictionaries (tool-call arguments, JSON objects, additional properties) are written with their
/// keys sorted, so their order does not change the key. See docs/design/response-cache.md.
/// </summary>
public static class ResponseCacheKey
{
    private const int InitialBufferBytes = 4096;

    private static readonly JsonWriterOptions WriterOptions = new()
    {
        // The bytes are hashed, never sent anywhere: the shortest escaping is enough.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>
    /// Computes the key of a request, as 64 lower-case hex digits. Returns false when the request holds something the key
    /// cannot describe exactly, so it must not be cached: content other than text, reasoning text, function calls and
    /// results, data and URIs; a tool that is not a function declaration; an unknown tool mode or response format; a
    /// value that cannot be serialized; or server-side state (a conversation id, a continuation token, background
    /// responses, a raw representation factory).
    /// </summary>
    /// <param name="messages">The request's messages.</param>
    /// <param name="options">The request's options; <see cref="ChatContentProperties.CacheControl"/> is not part of the key.</param>
    /// <param name="partition">Keeps callers apart: requests in different partitions (tenants) never share a key.</param>
    /// <param name="key">The key.</param>
    public static bool TryCreate(IEnumerable<ChatMessage> messages, ChatOptions? options, string partition, [NotNullWhen(true)] out string? key)
    {
        ArgumentNullException.ThrowIfNull(messages);
        ArgumentNullException.ThrowIfNull(partition);
        using var buffer = new PooledBufferWriter(InitialBufferBytes);
        if (!TryWrite(buffer, messages, options, partition))
        {
            key = null;
            return false;
        }

        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(buffer.WrittenSpan, hash);
        key = Convert.ToHexStringLower(hash);
        return true;
    }

    /// <summary>Writes the canonical serialization the key is the hash of; false when the request cannot be keyed.</summary>
    internal static bool TryWrite(IBufferWriter<byte> output, IEnumerable<ChatMessage> messages, ChatOptions? options, string partition)
    {
        if (options is { ConversationId: not null } or { ContinuationToken: not null } or { AllowBackgroundResponses: true }
            or { RawRepresentationFactory: not null })
        {
            // The answer depends on state or code the key cannot see.
            return false;
        }

        using var writer = new Utf8JsonWriter(output, WriterOptions);
        writer.WriteStartObject();
        writer.WriteNumber("v", 1);
        writer.WriteString("partition", partition);
        writer.WriteString("model", options?.ModelId);
        writer.WritePropertyName("route");
        if (!CanonicalJson.TryWriteValue(writer, options?.AdditionalProperties?.GetValueOrDefault(ChatContentProperties.RouteOverride)))
        {
            return false;
        }

        writer.WriteStartArray("messages");
        foreach (var message in messages)
        {
            if (!TryWriteMessage(writer, message))
            {
                return false;
            }
        }

        writer.WriteEndArray();
        if (!TryWriteOptions(writer, options))
        {
            return false;
        }

        writer.WriteEndObject();
        writer.Flush();
        return true;
    }

    private static bool TryWriteOptions(Utf8JsonWriter writer, ChatOptions? options)
    {
        writer.WriteString("instructions", options?.Instructions);
        WriteNumber(writer, "temperature", options?.Temperature);
        WriteNumber(writer, "topP", options?.TopP);
        WriteNumber(writer, "topK", options?.TopK);
        WriteNumber(writer, "maxOutputTokens", options?.MaxOutputTokens);
        WriteNumber(writer, "seed", options?.Seed);
        WriteNumber(writer, "frequencyPenalty", options?.FrequencyPenalty);
        WriteNumber(writer, "presencePenalty", options?.PresencePenalty);
        writer.WritePropertyName("stop");
        if (options?.StopSequences is { } stops)
        {
            writer.WriteStartArray();
            foreach (var stop in stops)
            {
                writer.WriteStringValue(stop);
            }

            writer.WriteEndArray();
        }
        else
        {
            writer.WriteNullValue();
        }

        if (options?.AllowMultipleToolCalls is { } multiple)
        {
            writer.WriteBoolean("allowMultipleToolCalls", multiple);
        }

        if (options?.Reasoning is { } reasoning)
        {
            writer.WriteStartObject("reasoning");
            writer.WriteString("effort", reasoning.Effort?.ToString());
            writer.WriteString("output", reasoning.Output?.ToString());
            writer.WriteEndObject();
        }

        writer.WritePropertyName("toolMode");
        switch (options?.ToolMode)
        {
            case null:
                writer.WriteNullValue();
                break;
            case NoneChatToolMode:
                writer.WriteStringValue("none");
                break;
            case AutoChatToolMode:
                writer.WriteStringValue("auto");
                break;
            case RequiredChatToolMode required:
                writer.WriteStringValue($"required:{required.RequiredFunctionName}");
                break;
            default:
                return false;
        }

        writer.WritePropertyName("responseFormat");
        switch (options?.ResponseFormat)
        {
            case null:
                writer.WriteNullValue();
                break;
            case ChatResponseFormatText:
                writer.WriteStringValue("text");
                break;
            case ChatResponseFormatJson json:
                writer.WriteStartObject();
                writer.WriteString("type", "json");
                writer.WriteString("name", json.SchemaName);
                writer.WriteString("description", json.SchemaDescription);
                writer.WritePropertyName("schema");
                WriteSchema(writer, json.Schema);
                writer.WriteEndObject();
                break;
            default:
                return false;
        }

        writer.WriteStartArray("tools");
        foreach (var tool in options?.Tools ?? [])
        {
            if (tool is not AIFunctionDeclaration function)
            {
                return false;
            }

            writer.WriteStartObject();
            writer.WriteString("name", function.Name);
            writer.WriteString("description", function.Description);
            writer.WritePropertyName("schema");
            WriteSchema(writer, function.JsonSchema);
            if (function is ToolDeclaration { Strict: { } strict })
            {
                writer.WriteBoolean("strict", strict);
            }

            writer.WritePropertyName("extra");
            if (!CanonicalJson.TryWriteProperties(writer, function.AdditionalProperties))
            {
                return false;
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WritePropertyName("extra");
        return CanonicalJson.TryWriteProperties(
            writer, options?.AdditionalProperties, ChatContentProperties.CacheControl, ChatContentProperties.RouteOverride);
    }

    private static bool TryWriteMessage(Utf8JsonWriter writer, ChatMessage message)
    {
        writer.WriteStartObject();
        writer.WriteString("role", message.Role.Value);
        writer.WriteString("author", message.AuthorName);
        writer.WriteStartArray("contents");
        foreach (var content in message.Contents)
        {
            if (!TryWriteContent(writer, content))
            {
                return false;
            }
        }

        writer.WriteEndArray();
        writer.WritePropertyName("extra");
        if (!CanonicalJson.TryWriteProperties(writer, message.AdditionalProperties))
        {
            return false;
        }

        writer.WriteEndObject();
        return true;
    }

    private static bool TryWriteContent(Utf8JsonWriter writer, AIContent content)
    {
        writer.WriteStartObject();
        switch (content)
        {
            case TextContent text:
                writer.WriteString("type", "text");
                writer.WriteString("text", text.Text);
                break;
            case TextReasoningContent reasoning:
                writer.WriteString("type", "reasoning");
                writer.WriteString("text", reasoning.Text);
                writer.WriteString("protected", reasoning.ProtectedData);
                break;
            case FunctionCallContent call:
                writer.WriteString("type", "call");
                writer.WriteString("id", call.CallId);
                writer.WriteString("name", call.Name);
                if (call.Arguments is { } arguments)
                {
                    writer.WritePropertyName("arguments");
                    if (!CanonicalJson.TryWriteProperties(writer, arguments))
                    {
                        return false;
                    }
                }
                else
                {
                    // Arguments that were not a JSON object reach the model verbatim: key their text.
                    writer.WriteString("argumentsText", ToolCallArguments.GetJson(call));
                }

                writer.WritePropertyName("extra");
                return CanonicalJson.TryWriteProperties(writer, call.AdditionalProperties, ChatContentProperties.RawArguments)
                    && End(writer);
            case FunctionResultContent result:
                writer.WriteString("type", "result");
                writer.WriteString("id", result.CallId);
                writer.WriteString("error", result.Exception?.Message);
                writer.WritePropertyName("result");
                if (!CanonicalJson.TryWriteValue(writer, result.Result))
                {
                    return false;
                }

                break;
            case DataContent data:
                writer.WriteString("type", "data");
                writer.WriteString("mediaType", data.MediaType);
                writer.WriteString("name", data.Name);
                Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
                SHA256.HashData(data.Data.Span, hash);
                writer.WriteBase64String("sha256", hash);
                break;
            case UriContent uri:
                writer.WriteString("type", "uri");
                writer.WriteString("uri", uri.Uri.OriginalString);
                writer.WriteString("mediaType", uri.MediaType);
                break;
            default:
                // A part the key cannot describe could make two different requests look the same.
                return false;
        }

        writer.WritePropertyName("extra");
        return CanonicalJson.TryWriteProperties(writer, content.AdditionalProperties) && End(writer);
    }

    private static void WriteSchema(Utf8JsonWriter writer, JsonElement? schema)
    {
        // Verbatim, property order included: the order of a schema's properties can steer the model's output.
        if (schema is { } element)
        {
            element.WriteTo(writer);
        }
        else
        {
            writer.WriteNullValue();
        }
    }

    private static void WriteNumber(Utf8JsonWriter writer, string name, float? value)
    {
        if (value is { } number && float.IsFinite(number))
        {
            writer.WriteNumber(name, number);
        }
        else
        {
            writer.WriteNull(name);
        }
    }

    private static void WriteNumber(Utf8JsonWriter writer, string name, long? value)
    {
        if (value is { } number)
        {
            writer.WriteNumber(name, number);
        }
        else
        {
            writer.WriteNull(name);
        }
    }

    private static bool End(Utf8JsonWriter writer)
    {
        writer.WriteEndObject();
        return true;
    }
}
