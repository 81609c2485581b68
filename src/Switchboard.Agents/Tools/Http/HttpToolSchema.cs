using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Switchboard.Agents.Tools.Http;

/// <summary>Builds and checks the argument schema of an HTTP tool, from <c>ParametersJson</c> or the simple <c>Parameters</c>.</summary>
internal static partial class HttpToolSchema
{
    /// <summary>The schema of a tool without arguments.</summary>
    public static readonly JsonElement Empty = JsonElement.Parse("""{"type":"object","properties":{},"additionalProperties":false}""");

    /// <summary>Builds the schema of <paramref name="options"/>.</summary>
    /// <param name="options">The tool options.</param>
    /// <param name="errors">Receives each problem as (field, problem), the field relative to the tool; null to ignore them.</param>
    /// <returns>The schema; null when it is invalid.</returns>
    public static JsonElement? Build(HttpToolOptions options, List<(string Field, string Problem)>? errors)
    {
        var hasJson = !string.IsNullOrWhiteSpace(options.ParametersJson);
        if (hasJson && options.Parameters.Count > 0)
        {
            errors?.Add(("ParametersJson", "set ParametersJson or Parameters, not both."));
            return null;
        }

        if (hasJson)
        {
            return FromJson(options.ParametersJson!, errors);
        }

        return options.Parameters.Count == 0 ? Empty : FromParameters(options.Parameters, errors);
    }

    /// <summary>Gets the names of the schema's <c>properties</c>.</summary>
    public static HashSet<string> PropertyNames(JsonElement schema) =>
        schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("properties", out var properties) && properties.ValueKind == JsonValueKind.Object
            ? properties.EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.Ordinal)
            : new HashSet<string>(StringComparer.Ordinal);

    /// <summary>Whether the object schema lists <paramref name="name"/> as required, or gives the property a default.</summary>
    public static bool IsRequiredOrDefaulted(JsonElement schema, string name) =>
        schema.ValueKind == JsonValueKind.Object
        && ((schema.TryGetProperty("required", out var required) && required.ValueKind == JsonValueKind.Array
                && required.EnumerateArray().Any(r => r.ValueKind == JsonValueKind.String && r.ValueEquals(name)))
            || (schema.TryGetProperty("properties", out var properties) && properties.ValueKind == JsonValueKind.Object
                && properties.TryGetProperty(name, out var property) && property.ValueKind == JsonValueKind.Object
                && property.TryGetProperty("default", out var value) && value.ValueKind != JsonValueKind.Null));

    // Every $ref must name a place in the schema itself: one that names nothing would fail each call at run time.
    private static IEnumerable<string> BrokenReferences(JsonElement root, JsonElement node, string path, bool names = false)
    {
        switch (node.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in node.EnumerateObject())
                {
                    // Values, not schemas: a "$ref" key inside them is data. In a map of names to schemas ("properties",
                    // "$defs") a key is a name, whatever it is.
                    if (!names && property.Name is "default" or "enum" or "const" or "examples")
                    {
                        continue;
                    }

                    var at = $"{path}/{property.Name}";
                    if (!names && property.Name == "$ref" && property.Value.ValueKind == JsonValueKind.String
                        && !JsonSchemaValidator.TryResolveReference(root, property.Value.GetString()!, out _))
                    {
                        yield return $"\"$ref\": \"{property.Value.GetString()}\" at '{at}' names nothing in the schema (only references within it, '#/…', are followed).";
                    }

                    var map = !names && property.Name is "properties" or "$defs" or "definitions" or "patternProperties" or "dependentSchemas";
                    foreach (var problem in BrokenReferences(root, property.Value, at, map))
                    {
                        yield return problem;
                    }
                }

                break;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in node.EnumerateArray())
                {
                    foreach (var problem in BrokenReferences(root, item, $"{path}/{index++}"))
                    {
                        yield return problem;
                    }
                }

                break;
        }
    }

    private static JsonElement? FromJson(string text, List<(string Field, string Problem)>? errors)
    {
        JsonElement schema;
        try
        {
            schema = JsonElement.Parse(text);
        }
        catch (JsonException exception)
        {
            errors?.Add(("ParametersJson", $"is not valid JSON: {exception.Message}"));
            return null;
        }

        var problems = new List<string>();
        if (schema.ValueKind != JsonValueKind.Object)
        {
            problems.Add("must be a JSON schema object, e.g. {\"type\":\"object\",\"properties\":{...}}.");
        }
        else
        {
            if (!schema.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String || type.GetString() != "object")
            {
                problems.Add("must have \"type\": \"object\".");
            }

            var names = new HashSet<string>(StringComparer.Ordinal);
            if (schema.TryGetProperty("properties", out var properties))
            {
                if (properties.ValueKind != JsonValueKind.Object)
                {
                    problems.Add("\"properties\" must be an object.");
                }
                else
                {
                    foreach (var property in properties.EnumerateObject())
                    {
                        names.Add(property.Name);
                        if (property.Value.ValueKind != JsonValueKind.Object)
                        {
                            problems.Add($"\"properties.{property.Name}\" must be a schema object.");
                        }
                    }
                }
            }

            if (schema.TryGetProperty("required", out var required))
            {
                if (required.ValueKind != JsonValueKind.Array || required.EnumerateArray().Any(r => r.ValueKind != JsonValueKind.String))
                {
                    problems.Add("\"required\" must be an array of property names.");
                }
                else
                {
                    problems.AddRange(required.EnumerateArray()
                        .Select(r => r.GetString()!)
                        .Where(r => !names.Contains(r))
                        .Select(r => $"\"required\" names '{r}', which is not in \"properties\"."));
                }
            }
        }

        problems.AddRange(BrokenReferences(schema, schema, string.Empty));
        foreach (var problem in problems)
        {
            errors?.Add(("ParametersJson", problem));
        }

        return problems.Count == 0 ? schema : null;
    }

    private static JsonElement? FromParameters(Dictionary<string, HttpToolParameterOptions> parameters, List<(string Field, string Problem)>? errors)
    {
        var valid = true;
        void Report(string field, string problem)
        {
            valid = false;
            errors?.Add((field, problem));
        }

        var properties = new JsonObject();
        var required = new JsonArray();
        foreach (var (name, parameter) in parameters)
        {
            var field = $"Parameters:{name}";
            if (!ParameterName().IsMatch(name))
            {
                Report(field, "a parameter name must be letters, digits or '_', starting with a letter or '_', at most 64 characters.");
            }

            var options = parameter ?? new HttpToolParameterOptions();
            var type = (options.Type ?? "string").Trim().ToLowerInvariant();
            if (type is not ("string" or "integer" or "number" or "boolean"))
            {
                Report($"{field}:Type", $"must be string, integer, number or boolean (got '{options.Type}').");
                continue;
            }

            var property = new JsonObject { ["type"] = type };
            if (!string.IsNullOrWhiteSpace(options.Description))
            {
                property["description"] = options.Description.Trim();
            }

            var allowed = new JsonArray();
            for (var i = 0; i < options.Enum.Count; i++)
            {
                if (Convert(options.Enum[i], type) is { } value)
                {
                    allowed.Add(value);
                }
                else
                {
                    Report($"{field}:Enum:{i}", $"'{options.Enum[i]}' is not a valid {type}.");
                }
            }

            if (allowed.Count > 0)
            {
                property["enum"] = allowed;
            }

            if (options.Default is { } text)
            {
                if (Convert(text, type) is not { } value)
                {
                    Report($"{field}:Default", $"'{text}' is not a valid {type}.");
                }
                else if (allowed.Count > 0 && !allowed.Any(a => JsonNode.DeepEquals(a, value)))
                {
                    Report($"{field}:Default", $"'{text}' is not one of the Enum values.");
                }
                else
                {
                    property["default"] = value;
                }
            }

            properties[name] = property;
            if (options.Required)
            {
                required.Add(name);
            }
        }

        if (!valid)
        {
            return null;
        }

        var schema = new JsonObject { ["type"] = "object", ["properties"] = properties, ["required"] = required, ["additionalProperties"] = false };
        return JsonSerializer.SerializeToElement(schema);
    }

    private static JsonValue? Convert(string text, string type) => type switch
    {
        "integer" => long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var integer) ? JsonValue.Create(integer) : null,
        "number" => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number) ? JsonValue.Create(number) : null,
        "boolean" => bool.TryParse(text, out var boolean) ? JsonValue.Create(boolean) : null,
        _ => JsonValue.Create(text),
    };

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]{0,63}\\z", RegexOptions.CultureInvariant)]
    private static partial Regex ParameterName();
}
