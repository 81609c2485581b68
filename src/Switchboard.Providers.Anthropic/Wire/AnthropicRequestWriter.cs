using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Switchboard.Abstractions.Chat;
using Switchboard.Abstractions.Errors;

namespace Switchboard.Providers.Anthropic.Wire;

/// <summary>
/// Writes Microsoft.Extensions.AI messages and options as an Anthropic Messages API request. System messages and
/// instructions become the top-level <c>system</c>; tool calls become <c>tool_use</c> blocks; consecutive tool results
/// become <c>tool_result</c> blocks of one user message, as the API requires.
/// </summary>
public static class AnthropicRequestWriter
{
    /// <summary>The <c>max_tokens</c> sent when the caller gives none (the API requires one).</summary>
    public const int DefaultMaxTokens = 4096;

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true };

    /// <summary>Writes the request body.</summary>
    /// <exception cref="UpstreamException">A message holds content the Messages API cannot carry.</exception>
    public static void Write(IBufferWriter<byte> output, IEnumerable<ChatMessage> messages, ChatOptions options, bool stream, string provider)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(messages);
        ArgumentNullException.ThrowIfNull(options);

        var list = messages.ToList();
        using var writer = new Utf8JsonWriter(output, WriterOptions);
        writer.WriteStartObject();
        writer.WriteString("model", options.ModelId);
        writer.WriteNumber("max_tokens", options.MaxOutputTokens ?? DefaultMaxTokens);

        // The Messages API has one system prompt, so system messages go there, wherever they stand. Those after a
        // final assistant message are the exception: hoisted, they would leave the request ending with the assistant's
        // text, which Anthropic continues as a prefill instead of answering (an agent's "answer again, as JSON"
        // correction). They go as the user turn that follows it.
        var lastTurn = list.FindLastIndex(m => m.Role != ChatRole.System);
        var trailing = lastTurn >= 0 && list[lastTurn].Role == ChatRole.Assistant && lastTurn < list.Count - 1 ? lastTurn + 1 : list.Count;
        var systemMessages = list.Take(trailing).Where(m => m.Role == ChatRole.System).ToList();
        if (systemMessages.Any(m => m.Contents.Any(c => CacheControlOf(c) is not null)))
        {
            WriteSystemBlocks(writer, options.Instructions, systemMessages);
        }
        else if (string.Join("\n\n", systemMessages.Select(m => m.Text).Prepend(options.Instructions).Where(t => !string.IsNullOrEmpty(t))) is { Length: > 0 } system)
        {
            writer.WriteString("system", system);
        }

        writer.WriteStartArray("messages");
        var i = 0;
        var conversation = list.Where(m => m.Role != ChatRole.System).ToList();
        if (trailing < list.Count)
        {
            conversation.Add(new ChatMessage(ChatRole.User, string.Join("\n\n", list.Skip(trailing).Select(m => m.Text))));
        }

        while (i < conversation.Count)
        {
            var message = conversation[i];
            if (message.Role == ChatRole.Tool)
            {
                // All results that follow one another go back in one user message.
                writer.WriteStartObject();
                writer.WriteString("role", "user");
                writer.WriteStartArray("content");
                while (i < conversation.Count && conversation[i].Role == ChatRole.Tool)
                {
                    foreach (var result in conversation[i].Contents.OfType<FunctionResultContent>())
                    {
                        writer.WriteStartObject();
                        writer.WriteString("type", "tool_result");
                        writer.WriteString("tool_use_id", ToolUseId(result.CallId));
                        writer.WriteString("content", ResultText(result));
                        if (result.Exception is not null || result.AdditionalProperties?.GetValueOrDefault(AnthropicWireProperties.ToolResultIsError) is true)
                        {
                            writer.WriteBoolean("is_error", true);
                        }

                        WriteCacheControl(writer, CacheControlOf(result));
                        writer.WriteEndObject();
                    }

                    i++;
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
                continue;
            }

            writer.WriteStartObject();
            writer.WriteString("role", message.Role == ChatRole.Assistant ? "assistant" : "user");
            writer.WriteStartArray("content");
            foreach (var content in message.Contents)
            {
                WriteBlock(writer, content, provider);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
            i++;
        }

        writer.WriteEndArray();

        if (stream)
        {
            writer.WriteBoolean("stream", true);
        }

        if (options.Temperature is { } temperature)
        {
            writer.WriteNumber("temperature", Math.Round((double)temperature, 6));
        }

        if (options.TopP is { } topP)
        {
            writer.WriteNumber("top_p", Math.Round((double)topP, 6));
        }

        if (options.TopK is { } topK)
        {
            writer.WriteNumber("top_k", topK);
        }

        // Anthropic refuses a stop sequence of whitespace only ("\n" is a common OpenAI one): those are left out.
        if (options.StopSequences?.Where(s => !string.IsNullOrWhiteSpace(s)).ToList() is { Count: > 0 } stop)
        {
            writer.WriteStartArray("stop_sequences");
            foreach (var s in stop)
            {
                writer.WriteStringValue(s);
            }

            writer.WriteEndArray();
        }

        WriteTools(writer, options);
        writer.WriteEndObject();
    }

    /// <summary>
    /// A tool call id as Anthropic accepts it (<c>^[a-zA-Z0-9_-]+$</c>). Ids from other providers, in a conversation
    /// that moved here by failover or routing, may hold other characters (<c>functions.get_weather:0</c>); each of
    /// those becomes <c>_</c>, the same way for the call and its result, so that they still pair.
    /// </summary>
    internal static string ToolUseId(string id)
    {
        if (id.Length > 0 && !id.AsSpan().ContainsAnyExcept(ToolIdCharacters))
        {
            return id;
        }

        return id.Length == 0 ? "_" : string.Create(id.Length, id, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                span[i] = ToolIdCharacters.Contains(source[i]) ? source[i] : '_';
            }
        });
    }

    private static readonly System.Buffers.SearchValues<char> ToolIdCharacters =
        System.Buffers.SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-");

    private static void WriteBlock(Utf8JsonWriter writer, AIContent content, string provider)
    {
        switch (content)
        {
            case TextContent text when !string.IsNullOrEmpty(text.Text):
                writer.WriteStartObject();
                writer.WriteString("type", "text");
                writer.WriteString("text", text.Text);
                WriteCacheControl(writer, CacheControlOf(text));
                writer.WriteEndObject();
                break;
            case TextContent:
                break;
            case FunctionCallContent call:
                writer.WriteStartObject();
                writer.WriteString("type", "tool_use");
                writer.WriteString("id", ToolUseId(call.CallId));
                writer.WriteString("name", call.Name);
                writer.WritePropertyName("input");

                // Anthropic needs an object; arguments a model produced broken are sent as an empty one.
                AnthropicResponseWriter.WriteInput(writer, ToolCallArguments.GetJson(call));
                WriteCacheControl(writer, CacheControlOf(call));
                writer.WriteEndObject();
                break;
            case DataContent data when data.HasTopLevelMediaType("image"):
                writer.WriteStartObject();
                writer.WriteString("type", "image");
                writer.WriteStartObject("source");
                writer.WriteString("type", "base64");
                writer.WriteString("media_type", data.MediaType);
                writer.WriteString("data", data.Base64Data.Span);
                writer.WriteEndObject();
                WriteCacheControl(writer, CacheControlOf(data));
                writer.WriteEndObject();
                break;
            case UriContent uri:
                writer.WriteStartObject();
                writer.WriteString("type", "image");
                writer.WriteStartObject("source");
                writer.WriteString("type", "url");
                writer.WriteString("url", uri.Uri.ToString());
                writer.WriteEndObject();
                WriteCacheControl(writer, CacheControlOf(uri));
                writer.WriteEndObject();
                break;
            case TextReasoningContent or UsageContent:
                break;
            default:
                throw new UpstreamException(
                    UpstreamErrorKind.InvalidRequest,
                    provider,
                    $"Provider '{provider}' (Anthropic) cannot take message content of type '{content.GetType().Name}'.");
        }
    }

    /// <summary>
    /// The system prompt as blocks, when one of its texts marks a prompt-cache breakpoint: the instructions first, then
    /// each system message's texts, one block each, with their <c>cache_control</c>.
    /// </summary>
    private static void WriteSystemBlocks(Utf8JsonWriter writer, string? instructions, List<ChatMessage> systemMessages)
    {
        writer.WriteStartArray("system");
        if (!string.IsNullOrEmpty(instructions))
        {
            WriteSystemBlock(writer, instructions, null);
        }

        foreach (var message in systemMessages)
        {
            foreach (var text in message.Contents.OfType<TextContent>())
            {
                if (!string.IsNullOrEmpty(text.Text))
                {
                    WriteSystemBlock(writer, text.Text, CacheControlOf(text));
                }
            }
        }

        writer.WriteEndArray();
    }

    private static void WriteSystemBlock(Utf8JsonWriter writer, string text, JsonElement? cacheControl)
    {
        writer.WriteStartObject();
        writer.WriteString("type", "text");
        writer.WriteString("text", text);
        WriteCacheControl(writer, cacheControl);
        writer.WriteEndObject();
    }

    private static JsonElement? CacheControlOf(AIContent content) =>
        content.AdditionalProperties?.GetValueOrDefault(AnthropicWireProperties.CacheControl) as JsonElement?;

    private static void WriteCacheControl(Utf8JsonWriter writer, JsonElement? cacheControl)
    {
        if (cacheControl is { ValueKind: JsonValueKind.Object } control)
        {
            writer.WritePropertyName("cache_control");
            control.WriteTo(writer);
        }
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
        if (options.Tools is not { Count: > 0 } tools || options.ToolMode is NoneChatToolMode)
        {
            // Anthropic's "none" also forbids tool blocks in the history; omitting the tools is the portable choice.
            return;
        }

        writer.WriteStartArray("tools");
        foreach (var tool in tools.OfType<AIFunctionDeclaration>())
        {
            writer.WriteStartObject();
            writer.WriteString("name", tool.Name);
            if (!string.IsNullOrEmpty(tool.Description))
            {
                writer.WriteString("description", tool.Description);
            }

            writer.WritePropertyName("input_schema");
            tool.JsonSchema.WriteTo(writer);
            WriteCacheControl(writer, tool.AdditionalProperties.GetValueOrDefault(AnthropicWireProperties.CacheControl) as JsonElement?);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();

        var disableParallel = options.AllowMultipleToolCalls == false;
        string? type = options.ToolMode switch
        {
            RequiredChatToolMode { RequiredFunctionName: not null } => "tool",
            RequiredChatToolMode => "any",
            AutoChatToolMode => "auto",
            _ => disableParallel ? "auto" : null,
        };
        if (type is null)
        {
            return;
        }

        writer.WriteStartObject("tool_choice");
        writer.WriteString("type", type);
        if (options.ToolMode is RequiredChatToolMode { RequiredFunctionName: { } name })
        {
            writer.WriteString("name", name);
        }

        if (disableParallel)
        {
            writer.WriteBoolean("disable_parallel_tool_use", true);
        }

        writer.WriteEndObject();
    }
}
