using System.Text.Json;

namespace Switchboard.Cli.Commands;

/// <summary>Pulls the human-readable message out of an error body in either API format, or gives the body back.</summary>
internal static class ErrorText
{
    public static string From(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return body;
            }

            // RFC 7807 problem details (/api), then the OpenAI shape (/v1), then a bare message (agent error events),
            // then the {"error": "text"} that proxies in front of a server often answer with.
            if (Text(root, "detail") is { } detail)
            {
                return detail;
            }

            if (root.TryGetProperty("error", out var error))
            {
                if (error.ValueKind == JsonValueKind.Object && Text(error, "message") is { } message)
                {
                    return message;
                }

                if (error.ValueKind == JsonValueKind.String)
                {
                    return error.GetString()!;
                }
            }

            return Text(root, "message") ?? Text(root, "title") ?? body;
        }
        catch (JsonException)
        {
            return body;
        }
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
