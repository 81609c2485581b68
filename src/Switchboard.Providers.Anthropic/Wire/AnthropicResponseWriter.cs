using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Switchboard.Abstractions.Chat;

namespace Switchboard.Providers.Anthropic.Wire;

/// <summary>Writes a <see cref="ChatResponse"/> as an Anthropic <c>message</c> object.</summary>
public static class AnthropicResponseWriter
{
    internal static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true };

    /// <summary>Writes the response.</summary>
    public static void Write(IBufferWriter<byte> output, ChatResponse response, string fallbackId)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(response);
        using var writer = new Utf8JsonWriter(output, WriterOptions);
        writer.WriteStartObject();
        writer.WriteString("id", response.ResponseId ?? fallbackId);
        writer.WriteString("type", "message");
        writer.WriteString("role", "assistant");
        writer.WriteString("model", response.ModelId);
        writer.WriteStartArray("content");
        var contents = response.Messages.Where(m => m.Role == ChatRole.Assistant).SelectMany(m => m.Contents).ToList();
        var text = string.Concat(contents.OfType<TextContent>().Select(t => t.Text));
        if (text.Length > 0)
        {
            writer.WriteStartObject();
            writer.WriteString("type", "text");
            writer.WriteString("text", text);
            writer.WriteEndObject();
        }

        foreach (var call in contents.OfType<FunctionCallContent>())
        {
            writer.WriteStartObject();
            writer.WriteString("type", "tool_use");
            writer.WriteString("id", call.CallId);
            writer.WriteString("name", call.Name);
            writer.WritePropertyName("input");
            WriteInput(writer, ToolCallArguments.GetJson(call));
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteString("stop_reason", StopReason(response.FinishReason, response.AdditionalProperties) ?? (contents.OfType<FunctionCallContent>().Any() ? "tool_use" : "end_turn"));
        WriteStopSequence(writer, response.AdditionalProperties);
        WriteUsage(writer, response.Usage, includeInput: true);
        writer.WriteEndObject();
    }

    /// <summary>
    /// The <c>stop_reason</c> to send: Anthropic's own when an Anthropic upstream gave one (it says more than the finish
    /// reason: <c>stop_sequence</c>, <c>pause_turn</c>), else the finish reason mapped back.
    /// </summary>
    public static string? StopReason(ChatFinishReason? reason, AdditionalPropertiesDictionary? properties) =>
        properties?.GetValueOrDefault(AnthropicWireProperties.StopReason) as string ?? StopReason(reason);

    /// <summary>Writes <c>stop_sequence</c>: the one an Anthropic upstream stopped on, or null.</summary>
    internal static void WriteStopSequence(Utf8JsonWriter writer, AdditionalPropertiesDictionary? properties)
    {
        if (properties?.GetValueOrDefault(AnthropicWireProperties.StopSequence) is string sequence)
        {
            writer.WriteString("stop_sequence", sequence);
        }
        else
        {
            writer.WriteNull("stop_sequence");
        }
    }

    /// <summary>Maps a finish reason back to an Anthropic <c>stop_reason</c>.</summary>
    public static string? StopReason(ChatFinishReason? reason)
    {
        if (reason is not { } r)
        {
            return null;
        }

        if (r == ChatFinishReason.Length)
        {
            return "max_tokens";
        }

        if (r == ChatFinishReason.ToolCalls)
        {
            return "tool_use";
        }

        return r == ChatFinishReason.ContentFilter ? "refusal" : "end_turn";
    }

    internal static void WriteUsage(Utf8JsonWriter writer, UsageDetails? usage, bool includeInput)
    {
        writer.WriteStartObject("usage");
        if (includeInput || usage?.InputTokenCount is not null)
        {
            // The gateway's input count includes cache reads and writes; Anthropic reports the three apart.
            var cached = usage?.CachedInputTokenCount ?? 0;
            var written = AnthropicResponseReader.CacheWrites(usage);
            writer.WriteNumber("input_tokens", Math.Max(0, (usage?.InputTokenCount ?? 0) - cached - written));
            if (cached > 0)
            {
                writer.WriteNumber("cache_read_input_tokens", cached);
            }

            if (written > 0)
            {
                writer.WriteNumber(AnthropicResponseReader.CacheCreationInputTokens, written);
            }
        }

        writer.WriteNumber("output_tokens", usage?.OutputTokenCount ?? 0);
        writer.WriteEndObject();
    }

    /// <summary>Writes tool-call arguments as the JSON object Anthropic requires; anything else becomes <c>{}</c>.</summary>
    internal static void WriteInput(Utf8JsonWriter writer, string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                document.RootElement.WriteTo(writer);
                return;
            }
        }
        catch (JsonException)
        {
        }

        writer.WriteStartObject();
        writer.WriteEndObject();
    }
}
