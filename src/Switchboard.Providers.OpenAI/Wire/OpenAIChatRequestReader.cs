using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.AI;
using Switchboard.Abstractions.Chat;
using Switchboard.Abstractions.Json;

namespace Switchboard.Providers.OpenAI.Wire;

/// <summary>Reads an OpenAI <c>POST /v1/chat/completions</c> body into Microsoft.Extensions.AI types.</summary>
public static partial class OpenAIChatRequestReader
{
    // Boxed once: the field a caller named is noted on every request that names one.
    private static readonly object BoxedTrue = true;
    private static readonly object BoxedFalse = false;
    private static readonly IndexedPaths MessagePaths = new(i => $"messages[{i}]");
    private static readonly IndexedPaths ContentPaths = new(i => $"messages[{i}].content");

    private static readonly HashSet<string> KnownFields =
    [
        "model", "messages", "stream", "stream_options", "temperature", "top_p", "max_tokens", "max_completion_tokens",
        "frequency_penalty", "presence_penalty", "seed", "stop", "tools", "tool_choice", "parallel_tool_calls",
        "response_format", "n", "logprobs", "top_logprobs",
    ];

    /// <summary>Parses and validates a request body.</summary>
    /// <exception cref="OpenAIRequestException">The body is not valid JSON or violates the documented format.</exception>
    public static OpenAIChatRequest Read(ReadOnlyMemory<byte> body)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException exception)
        {
            throw new OpenAIRequestException(
                $"The request body is not valid JSON: {exception.Message}", null, "invalid_json");
        }

        // The document stays alive through the JsonElements kept in options (schemas, extra fields): clone them instead.
        using (document)
        {
            if (JsonTokens.HoldsLoneSurrogate(body.Span))
            {
                // Fields kept undecoded (extra fields, schemas, raw parts) would otherwise fail only while the upstream
                // request is written, which looks like a provider failure.
                throw new OpenAIRequestException(
                    "The request body is not valid JSON text: a string holds a lone UTF-16 surrogate escape such as \\ud800.", null, "invalid_json");
            }

            try
            {
                return Read(document.RootElement);
            }
            catch (InvalidOperationException exception)
            {
                // JsonDocument accepts escapes such as a lone "\ud800" and only fails when the string is decoded.
                throw new OpenAIRequestException($"The request body is not valid JSON text: {exception.Message}", null, "invalid_json");
            }
        }
    }

    private static OpenAIChatRequest Read(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new OpenAIRequestException("The request body must be a JSON object.", param: null);
        }

        var model = JsonFields.RequiredString(root, "model");
        var messagesElement = JsonFields.Array(root, "messages")
            ?? throw new OpenAIRequestException("'messages' is required.", "messages");
        if (messagesElement.GetArrayLength() == 0)
        {
            throw new OpenAIRequestException("'messages' must contain at least one message.", "messages");
        }

        var messages = new List<ChatMessage>(messagesElement.GetArrayLength());
        var index = 0;
        foreach (var message in messagesElement.EnumerateArray())
        {
            messages.Add(ReadMessage(message, index++));
        }

        var n = JsonFields.Integer(root, "n", min: 1);
        if (n > 1)
        {
            throw new OpenAIRequestException("'n' greater than 1 is not supported.", "n", "unsupported_parameter");
        }

        // The answer's log probabilities are not carried back (every writer sends "logprobs": null), so asking for them
        // is refused rather than paid for upstream and silently dropped.
        if (JsonFields.Boolean(root, "logprobs") == true)
        {
            throw new OpenAIRequestException("'logprobs' is not supported: Switchboard does not return log probabilities.", "logprobs", "unsupported_parameter");
        }

        if (JsonFields.Integer(root, "top_logprobs", min: 0) > 0)
        {
            throw new OpenAIRequestException("'top_logprobs' is not supported: Switchboard does not return log probabilities.", "top_logprobs", "unsupported_parameter");
        }

        var options = new ChatOptions
        {
            ModelId = model,
            Temperature = (float?)JsonFields.Number(root, "temperature", min: 0, max: 2),
            TopP = (float?)JsonFields.Number(root, "top_p", min: 0, max: 1),
            FrequencyPenalty = (float?)JsonFields.Number(root, "frequency_penalty", min: -2, max: 2),
            PresencePenalty = (float?)JsonFields.Number(root, "presence_penalty", min: -2, max: 2),
            Seed = JsonFields.Integer(root, "seed"),
            AllowMultipleToolCalls = JsonFields.Boolean(root, "parallel_tool_calls"),
        };

        var maxCompletionTokens = JsonFields.Integer(root, "max_completion_tokens", min: 1);
        var maxTokens = maxCompletionTokens ?? JsonFields.Integer(root, "max_tokens", min: 1);
        bool? namedField = maxCompletionTokens is not null ? true : maxTokens is not null ? false : null;
        if (maxTokens > int.MaxValue)
        {
            throw new OpenAIRequestException("'max_tokens' is too large.", "max_tokens");
        }

        options.MaxOutputTokens = (int?)maxTokens;
        options.StopSequences = ReadStop(root);
        options.Tools = ReadTools(root);
        options.ToolMode = ReadToolChoice(root);
        options.ResponseFormat = ReadResponseFormat(root);

        var extras = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var property in root.EnumerateObject())
        {
            if (!KnownFields.Contains(property.Name))
            {
                extras[property.Name] = property.Value.Clone();
            }
        }

        var strict = options.ResponseFormat is ChatResponseFormatJson { Schema: not null }
            ? JsonFields.Boolean(root.GetProperty("response_format").GetProperty("json_schema"), "strict", "response_format.json_schema")
            : null;
        if (extras.Count > 0 || namedField is not null || strict is not null)
        {
            options.AdditionalProperties = [];
            if (strict is { } isStrict)
            {
                options.AdditionalProperties[OpenAIWireProperties.StrictResponseFormat] = isStrict;
            }

            if (extras.Count > 0)
            {
                options.AdditionalProperties[OpenAIWireProperties.ExtraFields] = extras;
            }

            // The field the caller named is the one forwarded; without one, the provider's MaxTokensField decides.
            if (namedField is { } completionTokens)
            {
                options.AdditionalProperties[OpenAIWireProperties.UseMaxCompletionTokens] = completionTokens ? BoxedTrue : BoxedFalse;
            }
        }

        var stream = JsonFields.Boolean(root, "stream") ?? false;
        var includeUsage = false;
        if (JsonFields.Object(root, "stream_options") is { } streamOptions)
        {
            includeUsage = JsonFields.Boolean(streamOptions, "include_usage", "stream_options") ?? false;
        }

        return new OpenAIChatRequest(model, messages, options, stream, includeUsage);
    }

    private static ChatMessage ReadMessage(JsonElement element, int index)
    {
        var path = MessagePaths[index];
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw JsonFields.Invalid(path, "an object");
        }

        // The role is compared as UTF-8 in the document, not read into a new string for every message.
        if (!JsonFields.TryGet(element, "role", out var role))
        {
            throw new OpenAIRequestException($"'{path}.role' is required.", path + ".role");
        }

        if (role.ValueKind != JsonValueKind.String)
        {
            throw JsonFields.Invalid(path + ".role", "a string");
        }

        var contentPath = ContentPaths[index];
        var message = role.ValueEquals("user"u8) ? new ChatMessage(ChatRole.User, ReadContent(element, contentPath, required: true))
            : role.ValueEquals("assistant"u8) ? ReadAssistant(element, path, contentPath)
            : role.ValueEquals("system"u8) || role.ValueEquals("developer"u8) ? new ChatMessage(ChatRole.System, ReadContent(element, contentPath, required: true))
            : role.ValueEquals("tool"u8) ? ReadToolResult(element, path, contentPath)
            : throw new OpenAIRequestException(
                $"'{path}.role' must be one of system, developer, user, assistant, tool (got '{role.GetString()}').", path + ".role");
        message.AuthorName = JsonFields.String(element, "name", path);
        return message;
    }

    private static ChatMessage ReadAssistant(JsonElement element, string path, string contentPath)
    {
        var contents = ReadContent(element, contentPath, required: false);
        if (JsonFields.Array(element, "tool_calls", path) is { } toolCalls)
        {
            var i = 0;
            foreach (var call in toolCalls.EnumerateArray())
            {
                var callPath = $"{path}.tool_calls[{i++}]";
                if (call.ValueKind != JsonValueKind.Object)
                {
                    throw JsonFields.Invalid(callPath, "an object");
                }

                var id = JsonFields.RequiredString(call, "id", callPath);
                var function = JsonFields.Object(call, "function", callPath)
                    ?? throw new OpenAIRequestException($"'{callPath}.function' is required.", callPath + ".function");
                var name = JsonFields.RequiredString(function, "name", callPath + ".function");
                var arguments = JsonFields.String(function, "arguments", callPath + ".function");
                contents.Add(ToolCallArguments.CreateCall(id, name, arguments));
            }
        }

        if (contents.Count == 0 && !element.TryGetProperty("content", out _))
        {
            throw new OpenAIRequestException($"'{path}' needs 'content' or 'tool_calls'.", contentPath);
        }

        return new ChatMessage(ChatRole.Assistant, contents);
    }

    private static ChatMessage ReadToolResult(JsonElement element, string path, string contentPath)
    {
        var callId = JsonFields.RequiredString(element, "tool_call_id", path);
        var parts = ReadContent(element, contentPath, required: true);
        string? text = null;
        StringBuilder? texts = null;
        for (var i = 0; i < parts.Count; i++)
        {
            if (parts[i] is TextContent part)
            {
                TextParts.Append(ref text, ref texts, part.Text);
            }
        }

        // The parts become one result: a breakpoint on any of them marks it.
        var result = new FunctionResultContent(callId, texts?.ToString() ?? text ?? string.Empty);
        foreach (var part in parts)
        {
            if (part.AdditionalProperties?.GetValueOrDefault(ChatContentProperties.PromptCacheBreakpoint) is { } breakpoint)
            {
                result.AdditionalProperties = new() { [ChatContentProperties.PromptCacheBreakpoint] = breakpoint };
            }
        }

        return new ChatMessage(ChatRole.Tool, [result]);
    }

    /// <summary>
    /// Keeps a content part's <c>cache_control</c> (Anthropic's prompt-cache breakpoint, which OpenAI-format clients of
    /// Claude send on parts), for an Anthropic upstream; other upstreams ignore it.
    /// </summary>
    private static AIContent Breakpoint(AIContent content, JsonElement part, string partPath)
    {
        if (!JsonFields.TryGet(part, "cache_control", out var control) || control.ValueKind == JsonValueKind.Null)
        {
            return content;
        }

        if (control.ValueKind != JsonValueKind.Object || JsonFields.String(control, "type", partPath + ".cache_control") is not { Length: > 0 })
        {
            throw new OpenAIRequestException($"'{partPath}.cache_control' must be an object with a 'type', e.g. {{\"type\":\"ephemeral\"}}.", partPath + ".cache_control");
        }

        (content.AdditionalProperties ??= [])[ChatContentProperties.PromptCacheBreakpoint] = control.Clone();
        return content;
    }

    private static List<AIContent> ReadContent(JsonElement element, string contentPath, bool required)
    {
        if (!JsonFields.TryGet(element, "content", out var content))
        {
            return required
                ? throw new OpenAIRequestException($"'{contentPath}' is required.", contentPath)
                : [];
        }

        if (content.ValueKind == JsonValueKind.String)
        {
            return [new TextContent(content.GetString())];
        }

        if (content.ValueKind != JsonValueKind.Array)
        {
            throw JsonFields.Invalid(contentPath, "a string or an array of content parts");
        }

        var parts = new List<AIContent>(content.GetArrayLength());
        var i = 0;
        foreach (var part in content.EnumerateArray())
        {
            var partPath = $"{contentPath}[{i++}]";
            if (part.ValueKind != JsonValueKind.Object)
            {
                throw JsonFields.Invalid(partPath, "an object");
            }

            var type = JsonFields.RequiredString(part, "type", partPath);
            switch (type)
            {
                case "text":
                    parts.Add(Breakpoint(new TextContent(JsonFields.RequiredString(part, "text", partPath)), part, partPath));
                    break;
                case "image_url":
                    var image = JsonFields.Object(part, "image_url", partPath)
                        ?? throw new OpenAIRequestException($"'{partPath}.image_url' is required.", partPath + ".image_url");
                    var url = JsonFields.RequiredString(image, "url", partPath + ".image_url");
                    var picture = ReadImage(url, partPath + ".image_url.url");
                    if (JsonFields.String(image, "detail", partPath + ".image_url") is { } detail)
                    {
                        // Forwarded as given: it decides how many tokens the upstream bills the image at.
                        picture.AdditionalProperties = new() { [OpenAIWireProperties.ImageDetail] = detail };
                    }

                    parts.Add(Breakpoint(picture, part, partPath));
                    break;
                default:
                    parts.Add(new RawContentPart(type, part.Clone()));
                    break;
            }
        }

        return parts;
    }

    private static AIContent ReadImage(string url, string path)
    {
        if (url.StartsWith("data:", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                return new DataContent(url);
            }
            catch (FormatException)
            {
                throw new OpenAIRequestException($"'{path}' is not a valid data URI.", path);
            }
        }

        return Uri.TryCreate(url, UriKind.Absolute, out var uri)
            ? new UriContent(uri, "image/*")
            : throw new OpenAIRequestException($"'{path}' must be an absolute URL or a data URI.", path);
    }

    private static List<string>? ReadStop(JsonElement root)
    {
        if (!JsonFields.TryGet(root, "stop", out var stop))
        {
            return null;
        }

        if (stop.ValueKind == JsonValueKind.String)
        {
            return [stop.GetString()!];
        }

        if (stop.ValueKind != JsonValueKind.Array || stop.EnumerateArray().Any(s => s.ValueKind != JsonValueKind.String))
        {
            throw JsonFields.Invalid("stop", "a string or an array of strings");
        }

        return stop.EnumerateArray().Select(s => s.GetString()!).ToList();
    }

    private static List<AITool>? ReadTools(JsonElement root)
    {
        if (JsonFields.Array(root, "tools") is not { } tools)
        {
            return null;
        }

        var result = new List<AITool>(tools.GetArrayLength());
        var i = 0;
        foreach (var tool in tools.EnumerateArray())
        {
            var path = $"tools[{i++}]";
            if (tool.ValueKind != JsonValueKind.Object)
            {
                throw JsonFields.Invalid(path, "an object");
            }

            var type = JsonFields.RequiredString(tool, "type", path);
            if (type != "function")
            {
                throw new OpenAIRequestException($"'{path}.type' must be 'function'.", path + ".type");
            }

            var function = JsonFields.Object(tool, "function", path)
                ?? throw new OpenAIRequestException($"'{path}.function' is required.", path + ".function");
            var name = JsonFields.RequiredString(function, "name", path + ".function");
            if (!FunctionNamePattern().IsMatch(name))
            {
                throw new OpenAIRequestException(
                    $"'{path}.function.name' must be 1-64 letters, digits, '_' or '-'.", path + ".function.name");
            }

            var description = JsonFields.String(function, "description", path + ".function");
            var parameters = JsonFields.Object(function, "parameters", path + ".function")?.Clone();
            var strict = JsonFields.Boolean(function, "strict", path + ".function");
            result.Add(new ToolDeclaration(name, description, parameters, strict));
        }

        return result;
    }

    private static ChatToolMode? ReadToolChoice(JsonElement root)
    {
        if (!JsonFields.TryGet(root, "tool_choice", out var choice))
        {
            return null;
        }

        if (choice.ValueKind == JsonValueKind.String)
        {
            return choice.GetString() switch
            {
                "auto" => ChatToolMode.Auto,
                "none" => ChatToolMode.None,
                "required" => ChatToolMode.RequireAny,
                var other => throw new OpenAIRequestException(
                    $"'tool_choice' must be 'auto', 'none', 'required' or a function choice (got '{other}').", "tool_choice"),
            };
        }

        if (choice.ValueKind != JsonValueKind.Object)
        {
            throw JsonFields.Invalid("tool_choice", "a string or an object");
        }

        var function = JsonFields.Object(choice, "function", "tool_choice")
            ?? throw new OpenAIRequestException("'tool_choice.function' is required.", "tool_choice.function");
        var name = JsonFields.RequiredString(function, "name", "tool_choice.function");
        return FunctionNamePattern().IsMatch(name)
            ? ChatToolMode.RequireSpecific(name)
            : throw new OpenAIRequestException("'tool_choice.function.name' must be 1-64 letters, digits, '_' or '-'.", "tool_choice.function.name");
    }

    private static ChatResponseFormat? ReadResponseFormat(JsonElement root)
    {
        if (JsonFields.Object(root, "response_format") is not { } format)
        {
            return null;
        }

        return JsonFields.RequiredString(format, "type", "response_format") switch
        {
            "text" => ChatResponseFormat.Text,
            "json_object" => ChatResponseFormat.Json,
            "json_schema" => ReadJsonSchemaFormat(format),
            var other => throw new OpenAIRequestException(
                $"'response_format.type' must be text, json_object or json_schema (got '{other}').", "response_format.type"),
        };
    }

    private static ChatResponseFormatJson ReadJsonSchemaFormat(JsonElement format)
    {
        var schema = JsonFields.Object(format, "json_schema", "response_format")
            ?? throw new OpenAIRequestException("'response_format.json_schema' is required.", "response_format.json_schema");
        return ChatResponseFormat.ForJsonSchema(
            JsonFields.Object(schema, "schema", "response_format.json_schema")?.Clone()
                ?? throw new OpenAIRequestException("'response_format.json_schema.schema' is required.", "response_format.json_schema.schema"),
            JsonFields.RequiredString(schema, "name", "response_format.json_schema"),
            JsonFields.String(schema, "description", "response_format.json_schema"));
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}\\z")]
    private static partial Regex FunctionNamePattern();
}
