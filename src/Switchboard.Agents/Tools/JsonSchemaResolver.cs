using System.Text.Json;

namespace Switchboard.Agents.Tools;

/// <summary>
/// Finds the schema that describes a value's own keywords, for the code that reads schemas beside the validator (the
/// defaults it fills in, the arguments an HTTP tool sends): through <c>$ref</c>s, and into the one <c>anyOf</c> or
/// <c>oneOf</c> option whose type admits the value (an optional nested object: its object option, not null).
/// </summary>
internal static class JsonSchemaResolver
{
    /// <summary>Returns the schema for <paramref name="value"/>; <paramref name="schema"/> itself when nothing leads further.</summary>
    /// <param name="root">The whole schema, which <c>$ref</c>s resolve in.</param>
    /// <param name="schema">The schema at the value's place.</param>
    /// <param name="value">The value.</param>
    public static JsonElement Resolve(JsonElement root, JsonElement schema, JsonElement value)
    {
        for (var step = 0; step < JsonSchemaValidator.MaxReferenceDepth && schema.ValueKind == JsonValueKind.Object; step++)
        {
            if (schema.TryGetProperty("$ref", out var reference) && reference.ValueKind == JsonValueKind.String
                && JsonSchemaValidator.TryResolveReference(root, reference.GetString()!, out var referred))
            {
                schema = referred;
                continue;
            }

            var options = Array(schema, "anyOf") is { ValueKind: JsonValueKind.Array } anyOf ? anyOf : Array(schema, "oneOf");
            if (options.ValueKind != JsonValueKind.Array || schema.TryGetProperty("properties", out _))
            {
                break;
            }

            var typed = options.EnumerateArray().Where(option => JsonSchemaValidator.HasTypeOf(root, option, value)).Take(2).ToList();
            if (typed.Count != 1)
            {
                break;
            }

            schema = typed[0];
        }

        return schema;
    }

    /// <summary>
    /// The properties an object schema declares, with their schemas: its own <c>properties</c>, then those of the parts
    /// of its <c>allOf</c> (a model that extends another: <c>allOf: [{"$ref": "#/$defs/Base"}, {...}]</c>). A name
    /// declared twice keeps its first schema.
    /// </summary>
    /// <param name="root">The whole schema.</param>
    /// <param name="schema">The object's schema, resolved (<see cref="Resolve"/>).</param>
    /// <param name="value">The object.</param>
    public static Dictionary<string, JsonElement> Properties(JsonElement root, JsonElement schema, JsonElement value)
    {
        var declared = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        Collect(schema);
        if (Array(schema, "allOf") is { ValueKind: JsonValueKind.Array } parts)
        {
            foreach (var part in parts.EnumerateArray())
            {
                Collect(Resolve(root, part, value));
            }
        }

        return declared;

        void Collect(JsonElement from)
        {
            if (from.ValueKind == JsonValueKind.Object && from.TryGetProperty("properties", out var properties) && properties.ValueKind == JsonValueKind.Object)
            {
                foreach (var property in properties.EnumerateObject())
                {
                    declared.TryAdd(property.Name, property.Value);
                }
            }
        }
    }

    private static JsonElement Array(JsonElement schema, string keyword) =>
        schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty(keyword, out var value) && value.ValueKind == JsonValueKind.Array ? value : default;
}
