using System.Globalization;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Switchboard.Agents.Definitions;

/// <summary>
/// Reads typed fields out of a YAML mapping, collecting every problem as <c>file:line: field: problem</c> instead of
/// stopping at the first, and reporting keys it does not know (a misspelt field must not be silently ignored).
/// </summary>
internal sealed class YamlReader
{
    private readonly string _source;

    public YamlReader(string source) => _source = source;

    public List<string> Errors { get; } = [];

    public void Error(YamlNode node, string path, string problem) =>
        Errors.Add($"{_source}:{node.Start.Line}: {path}: {problem}");

    public void CheckKeys(YamlMappingNode map, string path, params string[] known)
    {
        foreach (var key in map.Children.Keys)
        {
            var name = (key as YamlScalarNode)?.Value ?? string.Empty;
            if (!known.Contains(name, StringComparer.Ordinal))
            {
                Error(key, Join(path, name), $"unknown field (known: {string.Join(", ", known)})");
            }
        }
    }

    public static YamlNode? Get(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    public string? String(YamlMappingNode map, string path, string key, bool required = false)
    {
        var node = Get(map, key);
        if (node is null || IsNull(node))
        {
            if (required)
            {
                Error(map, Join(path, key), "is required");
            }

            return null;
        }

        if (node is YamlScalarNode scalar)
        {
            return scalar.Value;
        }

        Error(node, Join(path, key), "must be a string");
        return null;
    }

    public int? Int(YamlMappingNode map, string path, string key, int min, int max)
    {
        var text = Scalar(map, path, key);
        if (text is null)
        {
            return null;
        }

        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            Error(Get(map, key)!, Join(path, key), $"must be a whole number from {min} to {max}");
            return null;
        }

        return value;
    }

    public double? Double(YamlMappingNode map, string path, string key, double min, double max)
    {
        var text = Scalar(map, path, key);
        if (text is null)
        {
            return null;
        }

        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || value < min || value > max || double.IsNaN(value))
        {
            Error(Get(map, key)!, Join(path, key), $"must be a number from {min.ToString(CultureInfo.InvariantCulture)} to {max.ToString(CultureInfo.InvariantCulture)}");
            return null;
        }

        return value;
    }

    public bool? Bool(YamlMappingNode map, string path, string key)
    {
        var text = Scalar(map, path, key);
        if (text is null)
        {
            return null;
        }

        if (!bool.TryParse(text, out var value))
        {
            Error(Get(map, key)!, Join(path, key), "must be true or false");
            return null;
        }

        return value;
    }

    public IReadOnlyList<string>? StringList(YamlMappingNode map, string path, string key)
    {
        var node = Get(map, key);
        if (node is null || IsNull(node))
        {
            return null;
        }

        if (node is not YamlSequenceNode sequence)
        {
            Error(node, Join(path, key), "must be a list of strings");
            return null;
        }

        var items = new List<string>();
        for (var i = 0; i < sequence.Children.Count; i++)
        {
            if (sequence.Children[i] is YamlScalarNode { Value: { Length: > 0 } value })
            {
                items.Add(value);
            }
            else
            {
                Error(sequence.Children[i], $"{Join(path, key)}[{i}]", "must be a non-empty string");
            }
        }

        return items;
    }

    public IReadOnlyDictionary<string, string>? StringMap(YamlMappingNode map, string path, string key)
    {
        var node = Get(map, key);
        if (node is null || IsNull(node))
        {
            return null;
        }

        if (node is not YamlMappingNode mapping)
        {
            Error(node, Join(path, key), "must be a mapping of names to strings");
            return null;
        }

        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (k, v) in mapping.Children)
        {
            var name = (k as YamlScalarNode)?.Value ?? string.Empty;
            if (v is YamlScalarNode { Value: { } value })
            {
                result[name] = value;
            }
            else
            {
                Error(v, Join(Join(path, key), name), "must be a string");
            }
        }

        return result;
    }

    public YamlMappingNode? Mapping(YamlMappingNode map, string path, string key)
    {
        var node = Get(map, key);
        if (node is null || IsNull(node))
        {
            return null;
        }

        if (node is YamlMappingNode mapping)
        {
            return mapping;
        }

        Error(node, Join(path, key), "must be a mapping");
        return null;
    }

    /// <summary>
    /// Converts a YAML node to JSON: plain scalars that read as numbers, booleans or null keep that type. A key that is
    /// not a single value, or that names a JSON property twice (<c>a</c> and <c>!!str a</c>), is an error and left out.
    /// </summary>
    public JsonNode? ToJson(YamlNode node, string path)
    {
        switch (node)
        {
            case YamlMappingNode map:
                var json = new JsonObject();
                foreach (var (key, value) in map.Children)
                {
                    if (key is not YamlScalarNode { Value: var name })
                    {
                        Error(key, path, "keys must be single values");
                    }
                    else if (json.ContainsKey(name ?? string.Empty))
                    {
                        Error(key, Join(path, name ?? string.Empty), "appears twice");
                    }
                    else
                    {
                        json[name ?? string.Empty] = ToJson(value, Join(path, name ?? string.Empty));
                    }
                }

                return json;
            case YamlSequenceNode sequence:
                return new JsonArray(sequence.Children.Select((item, i) => ToJson(item, $"{path}[{i}]")).ToArray());
            case YamlScalarNode { Style: ScalarStyle.Plain } scalar:
                return scalar.Value switch
                {
                    null or "null" or "~" or "" => null,
                    "true" => JsonValue.Create(true),
                    "false" => JsonValue.Create(false),
                    var v when long.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) => JsonValue.Create(l),
                    var v when double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d) => JsonValue.Create(d),
                    var v => JsonValue.Create(v),
                };
            case YamlScalarNode scalar:
                return JsonValue.Create(scalar.Value);
            default:
                return null;
        }
    }

    public static string Join(string path, string key) => path.Length == 0 ? key : $"{path}.{key}";

    private static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: ScalarStyle.Plain, Value: null or "" or "null" or "~" };

    private string? Scalar(YamlMappingNode map, string path, string key)
    {
        var node = Get(map, key);
        if (node is null || IsNull(node))
        {
            return null;
        }

        if (node is YamlScalarNode scalar)
        {
            return scalar.Value;
        }

        Error(node, Join(path, key), "must be a single value");
        return null;
    }
}
