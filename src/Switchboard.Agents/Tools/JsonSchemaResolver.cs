using System.Text.Json;

namespace Switchboard.Agents.Tools;

/// <summary>
/// Finds the schemas that describe a value, for the code that reads schemas beside the validator (the defaults it
/// fills in, the arguments an HTTP tool sends): through <c>$ref</c>s, into the parts of an <c>allOf</c>, and into the
/// <c>anyOf</c> or <c>oneOf</c> option the value matches (an optional nested object: its object option, not null; a
/// union of objects: the one the value is).
/// </summary>
internal static class JsonSchemaResolver
{
    /// <summary>The most schemas one value's description is gathered from.</summary>
    private const int MaxParts = 64;

    /// <summary>Returns the schema for <paramref name="value"/>'s own keywords (<c>type</c>, <c>items</c>,
    /// <c>additionalProperties</c>); <paramref name="schema"/> itself when nothing leads further.</summary>
    /// <param name="root">The whole schema, which <c>$ref</c>s resolve in.</param>
    /// <param name="schema">The schema at the value's place.</param>
    /// <param name="value">The value.</param>
    public static JsonElement Resolve(JsonElement root, JsonElement schema, JsonElement value)
    {
        for (var step = 0; step < JsonSchemaValidator.MaxReferenceDepth && schema.ValueKind == JsonValueKind.Object; step++)
        {
            if (schema.TryGetProperty("$ref", out var reference) && reference.ValueKind == JsonValueKind.String
                && !schema.TryGetProperty("properties", out _) && !schema.TryGetProperty("items", out _)
                && JsonSchemaValidator.TryResolveReference(root, reference.GetString()!, out var referred))
            {
                schema = referred;
                continue;
            }

            if (schema.TryGetProperty("properties", out _) || Chosen(root, schema, value) is not { } option)
            {
                break;
            }

            schema = option;
        }

        return schema;
    }

    /// <summary>
    /// The properties the schemas of an object declare, with their schemas: its own <c>properties</c>, then those of
    /// the schema its <c>$ref</c> names, of the parts of its <c>allOf</c> (a model that extends another) and of the
    /// <c>anyOf</c> or <c>oneOf</c> option it matches, at any depth up to <see cref="MaxParts"/> schemas. A name
    /// declared twice keeps its first schema.
    /// </summary>
    /// <param name="root">The whole schema.</param>
    /// <param name="schema">The object's schema.</param>
    /// <param name="value">The object.</param>
    public static Dictionary<string, JsonElement> Properties(JsonElement root, JsonElement schema, JsonElement value)
    {
        var declared = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        var pending = new Queue<JsonElement>();
        pending.Enqueue(schema);
        for (var visited = 0; pending.Count > 0 && visited < MaxParts; visited++)
        {
            var part = pending.Dequeue();
            if (part.ValueKind != JsonValueKind.Object)
            {
                continue;
            }

            if (part.TryGetProperty("properties", out var properties) && properties.ValueKind == JsonValueKind.Object)
            {
                foreach (var property in properties.EnumerateObject())
                {
                    declared.TryAdd(property.Name, property.Value);
                }
            }

            if (part.TryGetProperty("$ref", out var reference) && reference.ValueKind == JsonValueKind.String
                && JsonSchemaValidator.TryResolveReference(root, reference.GetString()!, out var referred))
            {
                pending.Enqueue(referred);
            }

            if (Array(part, "allOf") is { ValueKind: JsonValueKind.Array } parts)
            {
                foreach (var inner in parts.EnumerateArray())
                {
                    pending.Enqueue(inner);
                }
            }

            if (Chosen(root, part, value) is { } option)
            {
                pending.Enqueue(option);
            }
        }

        return declared;
    }

    /// <summary>
    /// The <c>anyOf</c> or <c>oneOf</c> option that describes the value: the only one of its type, else the first the
    /// value matches; null when there are no options or none fits.
    /// </summary>
    private static JsonElement? Chosen(JsonElement root, JsonElement schema, JsonElement value)
    {
        var options = Array(schema, "anyOf") is { ValueKind: JsonValueKind.Array } anyOf ? anyOf : Array(schema, "oneOf");
        if (options.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        var typed = options.EnumerateArray().Where(option => JsonSchemaValidator.HasTypeOf(root, option, value)).ToList();
        return typed.Count switch
        {
            0 => null,
            1 => typed[0],
            _ => typed.Select(option => (JsonElement?)option).FirstOrDefault(option => JsonSchemaValidator.Matches(root, option!.Value, value)),
        };
    }

    private static JsonElement Array(JsonElement schema, string keyword) =>
        schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty(keyword, out var value) && value.ValueKind == JsonValueKind.Array ? value : default;
}
