using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Switchboard.Agents.Tools;

/// <summary>Maps a parameter's CLR type to the JSON schema the model sees (a JSON Schema 2020-12 subset).</summary>
internal static class ClrTypeSchema
{
    private static readonly Type[] ListDefinitions =
    [
        typeof(List<>), typeof(IList<>), typeof(IReadOnlyList<>), typeof(ICollection<>), typeof(IReadOnlyCollection<>), typeof(IEnumerable<>),
    ];

    /// <summary>Builds the schema of <paramref name="type"/>; <paramref name="nullable"/> reports whether null is a valid value.</summary>
    /// <exception cref="NotSupportedException">The type has no JSON schema mapping here.</exception>
    public static JsonObject For(Type type, NullabilityInfo nullability, out bool nullable)
    {
        var underlying = Nullable.GetUnderlyingType(type);
        nullable = underlying is not null || (!type.IsValueType && nullability.ReadState == NullabilityState.Nullable);
        type = underlying ?? type;

        if (type == typeof(JsonElement))
        {
            // Any JSON value: the method reads it itself.
            return [];
        }

        var schema = ForNonNull(type, nullability);
        if (nullable)
        {
            schema["type"] = new JsonArray((string)schema["type"]!, "null");
            if (schema["enum"] is JsonArray values)
            {
                values.Add(null);
            }
        }

        return schema;
    }

    /// <summary>Gets the element type of an array or list type the schema maps to <c>"array"</c>; null for other types.</summary>
    public static Type? GetElementType(Type type)
    {
        if (type.IsArray)
        {
            return type.GetArrayRank() == 1 ? type.GetElementType() : null;
        }

        return type.IsGenericType && Array.IndexOf(ListDefinitions, type.GetGenericTypeDefinition()) >= 0 ? type.GetGenericArguments()[0] : null;
    }

    private static JsonObject ForNonNull(Type type, NullabilityInfo nullability)
    {
        if (type == typeof(string))
        {
            return new JsonObject { ["type"] = "string" };
        }

        if (type == typeof(bool))
        {
            return new JsonObject { ["type"] = "boolean" };
        }

        if (IsInteger(type))
        {
            // The bounds of a narrow C# type, so that the model is told them and the check refuses 300 for a byte before
            // the call. int and long get none: every tool would carry them, and a value beyond an int is still refused
            // when the call is bound ("not a valid integer").
            var schema = new JsonObject { ["type"] = "integer" };
            var (minimum, maximum) = IntegerRange(type);
            if (minimum is { } min)
            {
                schema["minimum"] = min;
            }

            if (maximum is { } max)
            {
                schema["maximum"] = max;
            }

            return schema;
        }

        if (type == typeof(double) || type == typeof(float) || type == typeof(decimal))
        {
            return new JsonObject { ["type"] = "number" };
        }

        if (type == typeof(DateOnly))
        {
            return new JsonObject { ["type"] = "string", ["format"] = "date" };
        }

        if (type == typeof(DateTimeOffset) || type == typeof(DateTime))
        {
            return new JsonObject { ["type"] = "string", ["format"] = "date-time" };
        }

        if (type == typeof(Guid))
        {
            return new JsonObject { ["type"] = "string", ["format"] = "uuid" };
        }

        if (type.IsEnum)
        {
            var names = new JsonArray();
            foreach (var name in Enum.GetNames(type))
            {
                names.Add(JsonNamingPolicy.SnakeCaseLower.ConvertName(name));
            }

            return new JsonObject { ["type"] = "string", ["enum"] = names };
        }

        if (GetElementType(type) is { } elementType)
        {
            var elementNullability = type.IsArray ? nullability.ElementType! : nullability.GenericTypeArguments[0];
            var items = For(elementType, elementNullability, out _);
            return new JsonObject { ["type"] = "array", ["items"] = items };
        }

        throw new NotSupportedException($"A tool parameter of type '{type}' has no JSON schema mapping.");
    }

    /// <summary>Gets whether <paramref name="type"/> is a CLR integer type (schema type <c>"integer"</c>).</summary>
    public static bool IsInteger(Type type) =>
        type == typeof(int) || type == typeof(long) || type == typeof(short) || type == typeof(byte)
        || type == typeof(uint) || type == typeof(ulong) || type == typeof(ushort) || type == typeof(sbyte);

    private static (long? Minimum, ulong? Maximum) IntegerRange(Type type) =>
        type == typeof(short) ? (short.MinValue, (ulong)short.MaxValue)
        : type == typeof(sbyte) ? (sbyte.MinValue, (ulong)sbyte.MaxValue)
        : type == typeof(byte) ? (0, byte.MaxValue)
        : type == typeof(ushort) ? (0, ushort.MaxValue)
        : type == typeof(uint) ? (0, uint.MaxValue)
        : type == typeof(ulong) ? (0, null)
        : (null, null);
}
