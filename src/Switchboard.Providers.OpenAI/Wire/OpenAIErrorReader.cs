using System.Text.Json;
using Switchboard.Abstractions.Json;

namespace Switchboard.Providers.OpenAI.Wire;

/// <summary>Reads the error body of an OpenAI-compatible server, in the shapes seen in practice.</summary>
public static class OpenAIErrorReader
{
    /// <summary>
    /// Reads <c>{"error":{"message","type","code"}}</c> (OpenAI, vLLM), <c>{"error":"…"}</c> (Ollama),
    /// <c>{"message":"…"}</c> or <c>{"detail":"…"}</c>; returns nulls for anything else.
    /// </summary>
    public static (string? Message, string? Type) Read(ReadOnlySpan<byte> body)
    {
        try
        {
            var reader = new Utf8JsonReader(JsonTokens.WithoutBom(body));
            using var document = JsonDocument.ParseValue(ref reader);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return (null, null);
            }

            if (root.TryGetProperty("error", out var error))
            {
                if (error.ValueKind == JsonValueKind.String)
                {
                    return (error.GetString(), null);
                }

                if (error.ValueKind == JsonValueKind.Object)
                {
                    var type = Text(error, "type") ?? Text(error, "code");
                    return (Text(error, "message"), type);
                }
            }

            return (Text(root, "message") ?? Text(root, "detail"), Text(root, "type"));
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException)
        {
            // InvalidOperationException: a string that cannot be decoded (a lone "\ud800"). An unreadable error body
            // leaves the message unknown; the status code and Retry-After still say what happened.
            return (null, null);
        }
    }

    private static string? Text(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var value)
            ? value.ValueKind switch
            {
                JsonValueKind.String => value.GetString(),
                JsonValueKind.Number => value.GetRawText(),
                _ => null,
            }
            : null;
}
