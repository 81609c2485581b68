using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Switchboard.Abstractions.Chat;

/// <summary>Converts tool-call arguments between their JSON text and <see cref="FunctionCallContent"/>.</summary>
public static class ToolCallArguments
{
    /// <summary>
    /// Creates a <see cref="FunctionCallContent"/> from arguments JSON text. The text is kept verbatim under
    /// <see cref="ChatContentProperties.RawArguments"/>; when it is not a JSON object, <c>Arguments</c> is null and
    /// <c>Exception</c> says why.
    /// </summary>
    public static FunctionCallContent CreateCall(string callId, string name, string? argumentsJson)
    {
        var json = string.IsNullOrWhiteSpace(argumentsJson) ? "{}" : argumentsJson;
        var call = FunctionCallContent.CreateFromParsedArguments(json, callId, name, Parse);
        call.AdditionalProperties ??= [];
        call.AdditionalProperties[ChatContentProperties.RawArguments] = json;
        return call;
    }

    /// <summary>Returns the arguments as JSON text: the raw text when known, otherwise the serialized dictionary.</summary>
    public static string GetJson(FunctionCallContent call)
    {
        ArgumentNullException.ThrowIfNull(call);
        if (call.AdditionalProperties?.TryGetValue(ChatContentProperties.RawArguments, out var raw) == true
            && raw is string text)
        {
            return text;
        }

        return call.Arguments is null
            ? "{}"
            : JsonSerializer.Serialize(call.Arguments, AIJsonUtilities.DefaultOptions);
    }

    private static Dictionary<string, object?>? Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException("Tool-call arguments must be a JSON object.");
        }

        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var property in document.RootElement.EnumerateObject())
        {
            result[property.Name] = property.Value.Clone();
        }

        return result;
    }
}
