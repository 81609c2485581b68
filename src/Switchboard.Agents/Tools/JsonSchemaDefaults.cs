using System.Text.Json;
using System.Text.Json.Nodes;

namespace Switchboard.Agents.Tools;

/// <summary>
/// Fills schema <c>default</c>s in for missing object properties, at any depth, following <c>$ref</c>s and, in an
/// <c>anyOf</c> or <c>oneOf</c>, the one option of the value's type.
/// </summary>
internal static class JsonSchemaDefaults
{
    /// <summary>Returns <paramref name="value"/> with defaults filled in; the value itself when none was missing.</summary>
    public static JsonElement Apply(JsonElement schema, JsonElement value)
    {
        var filled = false;
        var node = Fill(schema, schema, value, ref filled);
        return filled ? JsonSerializer.SerializeToElement(node) : value;
    }

    private static JsonNode? Fill(JsonElement root, JsonElement schema, JsonElement value, ref bool filled)
    {
        schema = JsonSchemaResolver.Resolve(root, schema, value);
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                var properties = JsonSchemaResolver.Properties(root, schema, value);
                var additional = GetObject(schema, "additionalProperties");
                var result = new JsonObject();
                foreach (var property in value.EnumerateObject())
                {
                    var propertySchema = properties.TryGetValue(property.Name, out var known) ? known : additional;
                    result[property.Name] = Fill(root, propertySchema, property.Value, ref filled);
                }

                foreach (var (name, propertySchema) in properties)
                {
                    if (!result.ContainsKey(name) && propertySchema.ValueKind == JsonValueKind.Object
                        && propertySchema.TryGetProperty("default", out var defaultValue))
                    {
                        result[name] = JsonNode.Parse(defaultValue.GetRawText());
                        filled = true;
                    }
                }

                return result;
            case JsonValueKind.Array:
                var items = GetObject(schema, "items");
                var array = new JsonArray();
                foreach (var item in value.EnumerateArray())
                {
                    array.Add(Fill(root, items, item, ref filled));
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
