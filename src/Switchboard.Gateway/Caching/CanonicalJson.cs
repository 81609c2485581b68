using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Switchboard.Gateway.Caching;

/// <summary>
/// Writes values as JSON in one canonical form for hashing: object properties (of JSON objects, dictionaries and
/// additional properties) sorted by name, ordinal, so that the order in which a caller built them does not matter.
/// </summary>
internal static class CanonicalJson
{
    /// <summary>
    /// Writes <paramref name="value"/>: strings, booleans and numbers directly, a <see cref="JsonElement"/> with sorted
    /// properties, anything else serialized with <see cref="AIJsonUtilities.DefaultOptions"/> first. Returns false,
    /// having written an incomplete value, when the value cannot be serialized.
    /// </summary>
    public static bool TryWriteValue(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null:
                writer.WriteNullValue();
                return true;
            case string text:
                writer.WriteStringValue(text);
                return true;
            case bool flag:
                writer.WriteBooleanValue(flag);
                return true;
            case int number:
                writer.WriteNumberValue(number);
                return true;
            case long number:
                writer.WriteNumberValue(number);
                return true;
            case double number when double.IsFinite(number):
                writer.WriteNumberValue(number);
                return true;
            case float number when float.IsFinite(number):
                writer.WriteNumberValue(number);
                return true;
            case decimal number:
                writer.WriteNumberValue(number);
                return true;
            case JsonElement element:
                WriteElement(writer, element);
                return true;
            default:
                JsonElement serialized;
                try
                {
                    serialized = JsonSerializer.SerializeToElement(value, value.GetType(), AIJsonUtilities.DefaultOptions);
                }
                catch (Exception exception) when (exception is NotSupportedException or JsonException or InvalidOperationException or ArgumentException)
                {
                    return false;
                }

                WriteElement(writer, serialized);
                return true;
        }
    }

    /// <summary>Writes <paramref name="element"/> with the properties of every object in it sorted by name.</summary>
    public static void WriteElement(Utf8JsonWriter writer, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var properties = new List<JsonProperty>();
                foreach (var property in element.EnumerateObject())
                {
                    properties.Add(property);
                }

                properties.Sort(static (a, b) => string.CompareOrdinal(a.Name, b.Name));
                writer.WriteStartObject();
                foreach (var property in properties)
                {
                    writer.WritePropertyName(property.Name);
                    WriteElement(writer, property.Value);
                }

                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in element.EnumerateArray())
                {
                    WriteElement(writer, item);
                }

                writer.WriteEndArray();
                break;
            default:
                element.WriteTo(writer);
                break;
        }
    }

    /// <summary>
    /// Writes <paramref name="properties"/> as an object with the keys sorted, leaving out <paramref name="skip"/>
    /// keys; writes null when there are none. Returns false when a value cannot be serialized.
    /// </summary>
    public static bool TryWriteProperties(Utf8JsonWriter writer, IEnumerable<KeyValuePair<string, object?>>? properties, params ReadOnlySpan<string> skip)
    {
        if (properties is null)
        {
            writer.WriteNullValue();
            return true;
        }

        var sorted = new List<KeyValuePair<string, object?>>();
        foreach (var property in properties)
        {
            if (!skip.Contains(property.Key))
            {
                sorted.Add(property);
            }
        }

        if (sorted.Count == 0)
        {
            writer.WriteNullValue();
            return true;
        }

        sorted.Sort(static (a, b) => string.CompareOrdinal(a.Key, b.Key));
        writer.WriteStartObject();
        foreach (var (key, value) in sorted)
        {
            writer.WritePropertyName(key);
            if (!TryWriteValue(writer, value))
            {
                return false;
            }
        }

        writer.WriteEndObject();
        return true;
    }
}
