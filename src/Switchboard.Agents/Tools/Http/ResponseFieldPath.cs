using System.Globalization;
using System.Text.Json;

namespace Switchboard.Agents.Tools.Http;

/// <summary>
/// The <c>response_field</c> of an HTTP tool: a dotted path such as <c>data.items</c> or <c>current.temp_c</c> selecting
/// part of a JSON response. A numeric segment indexes an array (<c>results.0.title</c>).
/// </summary>
internal static class ResponseFieldPath
{
    /// <summary>Gets whether <paramref name="path"/> is a dotted path of non-empty segments without white space.</summary>
    public static bool IsValid(string path) =>
        path.Split('.').All(segment => segment.Length > 0 && !segment.Any(char.IsWhiteSpace));

    /// <summary>Selects <paramref name="path"/> in <paramref name="root"/>.</summary>
    /// <exception cref="ToolException">The path does not exist in the response.</exception>
    public static JsonElement Select(JsonElement root, string path)
    {
        var current = root;
        var walked = string.Empty;
        foreach (var segment in path.Split('.'))
        {
            if (current.ValueKind == JsonValueKind.Object && current.TryGetProperty(segment, out var property))
            {
                current = property;
            }
            else if (current.ValueKind == JsonValueKind.Array
                && int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < current.GetArrayLength())
            {
                current = current[index];
            }
            else
            {
                var where = walked.Length == 0 ? "the top level" : $"'{walked}'";
                throw new ToolException($"The response has no field '{path}': {where} has no '{segment}'.");
            }

            walked = walked.Length == 0 ? segment : $"{walked}.{segment}";
        }

        return current;
    }
}
