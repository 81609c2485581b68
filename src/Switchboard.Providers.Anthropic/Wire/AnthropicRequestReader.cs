using System.Text.Json;
using Microsoft.Extensions.AI;
using Switchboard.Abstractions.Chat;
using Switchboard.Abstractions.Json;

namespace Switchboard.Providers.Anthropic.Wire;

/// <summary>Reads an Anthropic <c>POST /v1/messages</c> body into Microsoft.Extensions.AI types.</summary>
public static class AnthropicRequestReader
{
    private static readonly IndexedPaths MessagePaths = new(i => $"messages.{i}");
    private static readonly IndexedPaths ContentPaths = new(i => $"messages.{i}.content");

    /// <summary>Parses and validates a request body.</summary>
    /// <exception cref="AnthropicRequestException">The body is not valid JSON or violates the documented format.</exception>
    public static AnthropicRequest Read(ReadOnlyMemory<byte> body)
    {
        try
        {
            using var document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 64 });
            if (JsonTokens.HoldsLoneSurrogate(body.Span))
            {
                // Values kept undecoded (tool schemas, metadata) would otherwise fail while the upstream request is written.
                throw new AnthropicRequestException("The request body is not valid JSON text: a string holds a lone UTF-16 surrogate escape such as \\ud800.");
            }

            return Read(document.RootElement);
        }
        catch (JsonException exception)
        {
            throw new AnthropicRequestException($"The request body is not valid JSON: {exception.Message}");
        }
        catch (FormatException exception)
        {
            throw new AnthropicRequestException($"The request holds a malformed value: {exception.Message}");
        }
        catch (InvalidOperationException exception)
        {
            // Wrong value kinds (GetString on a number) and undecodable text (a lone "\\ud800").
            throw new AnthropicRequestException($"The request body does not have the Messages API shape: {exception.Message}");
        }
    }

    private static AnthropicRequest Read(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new AnthropicRequestException("The request body must be a JSON object.");
        }

        var model = RequiredString(root, "model");
        if (!root.TryGetProperty("max_tokens", out var maxTokens) || maxTokens.ValueKind != JsonValueKind.Number || !maxTokens.TryGetInt32(out var max) || max < 1)
        {
            throw new AnthropicRequestException("max_tokens: Field required (a positive integer).");
        }

        if (!root.TryGetProperty("messages", out var messagesElement) || messagesElement.ValueKind != JsonValueKind.Array || messagesElement.GetArrayLength() == 0)
        {
            throw new AnthropicRequestException("messages: at least one message is required.");
        }

        var messages = new List<ChatMessage>();
        if (root.TryGetProperty("system", out var system) && system.ValueKind != JsonValueKind.Null)
        {
            messages.Add(ReadSystem(system));
        }

        var index = 0;
        foreach (var message in messagesElement.EnumerateArray())
        {
            ReadMessage(message, index++, messages);
        }

        var options = new ChatOptions
        {
            ModelId = model,
            MaxOutputTokens = max,
            Temperature = Number(root, "temperature", 0, 1) is { } t ? (float)t : null,
            TopP = Number(root, "top_p", 0, 1) is { } p ? (float)p : null,
            TopK = Integer(root, "top_k"),
        };
        if (root.TryGetProperty("stop_sequences", out var stop) && stop.ValueKind == JsonValueKind.Array)
        {
            options.StopSequences = stop.EnumerateArray().Select(s => s.GetString() ?? throw new AnthropicRequestException("stop_sequences: strings only.")).ToList();
        }

        ReadTools(root, options);
        var stream = root.TryGetProperty("stream", out var s) && s.ValueKind == JsonValueKind.True;
        return new AnthropicRequest(model, messages, options, stream);
    }

    /// <summary>
    /// The system prompt: one text, unless a block marks a prompt-cache breakpoint; then one text per block, each with
    /// its <c>cache_control</c>, so that an Anthropic upstream gets the same blocks and caches the same prefix.
    /// </summary>
    private static ChatMessage ReadSystem(JsonElement system)
    {
        if (system.ValueKind == JsonValueKind.String)
        {
            return new ChatMessage(ChatRole.System, system.GetString());
        }

        var blocks = Blocks(system, "system").Where(b => Type(b) == "text").ToList();
        if (!blocks.Any(b => b.TryGetProperty("cache_control", out _)))
        {
            return new ChatMessage(ChatRole.System, string.Join("\n\n", blocks.Select(b => RequiredString(b, "text", "system"))));
        }

        return new ChatMessage(ChatRole.System, [.. blocks.Select((b, i) => Marked(new TextContent(RequiredString(b, "text", "system")), b, $"system.{i}"))]);
    }

    /// <summary>Keeps a block's <c>cache_control</c> on its content; refuses one that is not an object with a type.</summary>
    private static T Marked<T>(T content, JsonElement block, string path)
        where T : AIContent
    {
        if (CacheControl(block, path) is { } control)
        {
            (content.AdditionalProperties ??= [])[AnthropicWireProperties.CacheControl] = control;
        }

        return content;
    }

    private static JsonElement? CacheControl(JsonElement block, string path)
    {
        if (!block.TryGetProperty("cache_control", out var control) || control.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return control.ValueKind == JsonValueKind.Object && Type(control) is { Length: > 0 }
            ? control.Clone()
            : throw new AnthropicRequestException($"{path}.cache_control: must be an object with a 'type', e.g. {{\"type\":\"ephemeral\"}}.");
    }

    private static void ReadMessage(JsonElement message, int index, List<ChatMessage> messages)
    {
        var path = MessagePaths[index];
        var role = RequiredString(message, "role", path);
        if (role is not ("user" or "assistant"))
        {
            throw new AnthropicRequestException($"{path}.role: must be 'user' or 'assistant' (got '{role}').");
        }

        if (!message.TryGetProperty("content", out var content))
        {
            throw new AnthropicRequestException($"{path}.content: Field required.");
        }

        if (content.ValueKind == JsonValueKind.String)
        {
            messages.Add(new ChatMessage(role == "user" ? ChatRole.User : ChatRole.Assistant, content.GetString()));
            return;
        }

        var contents = new List<AIContent>();
        var results = new List<AIContent>();
        var blockIndex = 0;
        foreach (var block in Blocks(content, ContentPaths[index]))
        {
            var blockPath = $"{ContentPaths[index]}.{blockIndex++}";
            switch (Type(block))
            {
                case "text":
                    contents.Add(Marked(new TextContent(RequiredString(block, "text", path)), block, blockPath));
                    break;
                case "image":
                    contents.Add(Marked(ReadImage(block, path), block, blockPath));
                    break;
                case "tool_use" when role == "assistant":
                    var input = block.TryGetProperty("input", out var value) && value.ValueKind == JsonValueKind.Object ? value.GetRawText() : "{}";
                    contents.Add(Marked(ToolCallArguments.CreateCall(RequiredString(block, "id", path), RequiredString(block, "name", path), input), block, blockPath));
                    break;
                case "tool_result" when role == "user":
                    var result = new FunctionResultContent(RequiredString(block, "tool_use_id", path), ResultText(block, path));
                    if (block.TryGetProperty("is_error", out var isError) && isError.ValueKind == JsonValueKind.True)
                    {
                        result.AdditionalProperties = new() { [AnthropicWireProperties.ToolResultIsError] = true };
                    }

                    results.Add(Marked(result, block, blockPath));
                    break;
                case "thinking" or "redacted_thinking":
                    break;
                case var other:
                    throw new AnthropicRequestException($"{path}.content: blocks of type '{other}' are not supported in a {role} message.");
            }
        }

        // Tool results answer the previous assistant turn: they go first, as tool messages.
        if (results.Count > 0)
        {
            messages.Add(new ChatMessage(ChatRole.Tool, results));
        }

        if (contents.Count > 0 || results.Count == 0)
        {
            messages.Add(new ChatMessage(role == "user" ? ChatRole.User : ChatRole.Assistant, contents));
        }
    }

    private static AIContent ReadImage(JsonElement block, string path)
    {
        var source = block.TryGetProperty("source", out var s) && s.ValueKind == JsonValueKind.Object ? s : throw new AnthropicRequestException($"{path}: an image needs a 'source'.");
        return Type(source) switch
        {
            "base64" => new DataContent(Convert.FromBase64String(RequiredString(source, "data", path)), ImageMediaType(source, path)),
            "url" => new UriContent(new Uri(RequiredString(source, "url", path)), "image/*"),
            var other => throw new AnthropicRequestException($"{path}: image source type '{other}' is not supported."),
        };
    }

    private static string ResultText(JsonElement block, string path)
    {
        if (!block.TryGetProperty("content", out var content) || content.ValueKind == JsonValueKind.Null)
        {
            return string.Empty;
        }

        if (content.ValueKind == JsonValueKind.String)
        {
            return content.GetString() ?? string.Empty;
        }

        // Only text is carried: an image or document result refused here is better than one dropped on the way.
        var text = new System.Text.StringBuilder();
        foreach (var part in Blocks(content, path + ".tool_result.content"))
        {
            if (Type(part) is not "text" and var type)
            {
                throw new AnthropicRequestException($"{path}.tool_result.content: blocks of type '{type}' are not supported in a tool result; only text is.");
            }

            text.Append(RequiredString(part, "text", path + ".tool_result.content"));
        }

        return text.ToString();
    }

    private static void ReadTools(JsonElement root, ChatOptions options)
    {
        if (root.TryGetProperty("tools", out var tools) && tools.ValueKind == JsonValueKind.Array)
        {
            options.Tools = [.. tools.EnumerateArray().Select((tool, i) => new ToolDeclaration(
                Type(tool) is null or "custom"
                    ? RequiredString(tool, "name", $"tools.{i}")
                    : throw new AnthropicRequestException(
                        $"tools.{i}.type: '{Type(tool)}' is a tool Anthropic defines or runs itself; only custom tools (with an input_schema) are supported."),
                tool.TryGetProperty("description", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() : null,
                tool.TryGetProperty("input_schema", out var schema) && schema.ValueKind == JsonValueKind.Object ? schema.Clone() : null,
                additionalProperties: CacheControl(tool, $"tools.{i}") is { } control
                    ? new Dictionary<string, object?> { [AnthropicWireProperties.CacheControl] = control }
                    : null))];
        }

        if (root.TryGetProperty("tool_choice", out var choice) && choice.ValueKind == JsonValueKind.Object)
        {
            options.ToolMode = Type(choice) switch
            {
                "auto" => ChatToolMode.Auto,
                "any" => ChatToolMode.RequireAny,
                "none" => ChatToolMode.None,
                "tool" => RequiredString(choice, "name", "tool_choice") is { } name && !string.IsNullOrWhiteSpace(name)
                    ? ChatToolMode.RequireSpecific(name)
                    : throw new AnthropicRequestException("tool_choice.name: must name a tool (not blank)."),
                var other => throw new AnthropicRequestException($"tool_choice.type: '{other}' is not one of auto, any, tool, none."),
            };
            if (choice.TryGetProperty("disable_parallel_tool_use", out var disable) && disable.ValueKind == JsonValueKind.True)
            {
                options.AllowMultipleToolCalls = false;
            }
        }
    }

    private static IEnumerable<JsonElement> Blocks(JsonElement value, string path) =>
        value.ValueKind == JsonValueKind.Array
            ? value.EnumerateArray().Select(b => b.ValueKind == JsonValueKind.Object ? b : throw new AnthropicRequestException($"{path}: each block must be an object."))
            : throw new AnthropicRequestException($"{path}: must be a string or an array of blocks.");

    private static string? Type(JsonElement block) => AnthropicResponseReader.Text(block, "type");

    private static string RequiredString(JsonElement obj, string name, string path = "") =>
        AnthropicResponseReader.Text(obj, name) is { Length: > 0 } value
            ? value
            : throw new AnthropicRequestException($"{(path.Length == 0 ? string.Empty : path + ".")}{name}: Field required (a non-empty string).");

    /// <summary>An optional number within the documented range (a value out of it would reach the upstream as infinity or be refused there).</summary>
    private static double? Number(JsonElement obj, string name, double min, double max)
    {
        if (!obj.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.Number && value.GetDouble() is var number && number >= min && number <= max
            ? number
            : throw new AnthropicRequestException($"{name}: must be a number from {min} to {max}.");
    }

    private static int? Integer(JsonElement obj, string name)
    {
        if (!obj.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number) && number >= 0
            ? number
            : throw new AnthropicRequestException($"{name}: must be an integer of 0 or more.");
    }

    /// <summary>The image types the Messages API accepts in a base64 source.</summary>
    private static string ImageMediaType(JsonElement source, string path)
    {
        var type = RequiredString(source, "media_type", path);
        return type is "image/jpeg" or "image/png" or "image/gif" or "image/webp"
            ? type
            : throw new AnthropicRequestException($"{path}.source.media_type: must be image/jpeg, image/png, image/gif or image/webp (got '{(type.Length > 64 ? type[..64] + "…" : type)}').");
    }
}
