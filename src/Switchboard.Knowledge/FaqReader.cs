using System.Text.Json;
using Switchboard.Nlu.Data;

namespace Switchboard.Knowledge;

/// <summary>Reads FAQ JSON Lines: <c>{"id","question","alternates":[…],"answer","category","tags":[…]}</c>, one entry a line.</summary>
public static class FaqReader
{
    /// <summary>Reads a file.</summary>
    /// <exception cref="DataFormatException">The file is malformed; the message names the file and line.</exception>
    public static IReadOnlyList<FaqEntry> ReadFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new DataFormatException($"{path}: file not found.");
        }

        using var reader = new StreamReader(path);
        return Read(reader, path);
    }

    /// <summary>Reads FAQ JSON Lines from a reader.</summary>
    public static IReadOnlyList<FaqEntry> Read(TextReader reader, string name)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var entries = new List<FaqEntry>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var line = 0;
        while (reader.ReadLine() is { } text)
        {
            line++;
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }

            JsonElement root;
            try
            {
                root = JsonDocument.Parse(text).RootElement;
            }
            catch (JsonException exception)
            {
                throw new DataFormatException(name, line, $"not valid JSON ({exception.Message}).");
            }

            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new DataFormatException(name, line, "expected a JSON object.");
            }

            var id = RequiredString(root, "id", name, line);
            if (!ids.Add(id))
            {
                throw new DataFormatException(name, line, $"the id '{id}' is used twice.");
            }

            entries.Add(new FaqEntry(
                id,
                RequiredString(root, "question", name, line),
                Strings(root, "alternates", name, line),
                RequiredString(root, "answer", name, line),
                root.TryGetProperty("category", out var category) && category.ValueKind == JsonValueKind.String ? category.GetString() : null,
                Strings(root, "tags", name, line)));
        }

        return entries;
    }

    private static string RequiredString(JsonElement root, string field, string name, int line) =>
        root.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(value.GetString())
            ? value.GetString()!
            : throw new DataFormatException(name, line, $"'{field}' must be a non-empty string.");

    private static List<string> Strings(JsonElement root, string field, string name, int line)
    {
        if (!root.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        if (value.ValueKind != JsonValueKind.Array || value.EnumerateArray().Any(v => v.ValueKind != JsonValueKind.String))
        {
            throw new DataFormatException(name, line, $"'{field}' must be an array of strings.");
        }

        return value.EnumerateArray().Select(v => v.GetString()!).ToList();
    }
}
