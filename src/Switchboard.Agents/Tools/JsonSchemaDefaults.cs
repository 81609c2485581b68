using System.Text.Json;
using System.Text.Json.Nodes;

namespace Switchboard.Agents.Tools;

/// <summary>Fills schema <c>default</c>s in for missing object properties, at any depth.</summary>
internal static class JsonSchemaDefaults
{
    /// <summary>Returns <paramref name="value"/> with defaults filled in; the value itself when none was missing.</summary>
    public static JsonElement Apply(JsonElement schema, JsonElement value)
    {
        var filled = false;
        var node = Fill(schema, value, ref filled);
        return filled ? JsonSerializer.SerializeToElement(node) : value;
    }

    private static JsonNode? Fill(JsonElement schema, JsonElement value, ref bool filled)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                var properties = GetObject(schema, "properties");
                var additional = GetObject(schema, "additionalProperties");
                var result = new JsonObject();
                foreach (var property in value.EnumerateObject())
                {
                    var propertySchema = properties.ValueKind == JsonValueKind.Object && properties.TryGetProperty(property.Name, out var known) ? known : additional;
                    result[property.Name] = Fill(propertySchema, property.Value, ref filled);
                }

                if (properties.ValueKind == JsonValueKind.Object)
                {
                    foreach (var property in properties.EnumerateObject())
                    {
                        if (!result.ContainsKey(property.Name) && property.Value.ValueKind == JsonValueKind.Object
                            && property.Value.TryGetProperty("default", out var defaultValue))
                        {
                            result[property.Name] = JsonNode.Parse(defaultValue.GetRawText());
                            filled = true;
                        }
                    }
                }

                return result;
            case JsonValueKind.Array:
                var items = GetObject(schema, "items");
                var array = new JsonArray();
                foreach (var item in value.EnumerateArray())
                {
                    array.Add(Fill(items, item, ref filled));
                }

                return array;
            case JsonValueKind.Null:
                return null;
            default:
                return JsonValue.Create(value);
        }
    }

    private static JsonElement GetObject(JsonElement schema, string keyword) =>
        schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty(keyword, out var value) && value.ValueKind == JsonValueKind.Object ? value : default;
}
