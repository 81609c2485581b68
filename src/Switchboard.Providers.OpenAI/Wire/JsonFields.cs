using System.Text.Json;

namespace Switchboard.Providers.OpenAI.Wire;

/// <summary>Typed reads of optional JSON fields that fail with the field's path in the message.</summary>
internal static class JsonFields
{
    public static string Path(string parent, string name) => parent.Length == 0 ? name : parent + "." + name;

    public static bool TryGet(JsonElement obj, string name, out JsonElement value)
    {
        if (obj.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null)
        {
            return true;
        }

        value = default;
        return false;
    }

    public static string? String(JsonElement obj, string name, string parent = "")
    {
        if (!TryGet(obj, name, out var value))
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : throw Invalid(Path(parent, name), "a string");
    }

    public static string RequiredString(JsonElement obj, string name, string parent = "") =>
        String(obj, name, parent) ?? throw new OpenAIRequestException($"'{Path(parent, name)}' is required.", Path(parent, name));

    public static double? Number(JsonElement obj, string name, string parent = "", double min = double.MinValue, double max = double.MaxValue)
    {
        if (!TryGet(obj, name, out var value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out var number))
        {
            throw Invalid(Path(parent, name), "a number");
        }

        if (number < min || number > max)
        {
            throw new OpenAIRequestException($"'{Path(parent, name)}' must be between {min} and {max}.", Path(parent, name));
        }

        return number;
    }

    public static long? Integer(JsonElement obj, string name, string parent = "", long min = long.MinValue)
    {
        if (!TryGet(obj, name, out var value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out var number))
        {
            throw Invalid(Path(parent, name), "an integer");
        }

        if (number < min)
        {
            throw new OpenAIRequestException($"'{Path(parent, name)}' must be at least {min}.", Path(parent, name));
        }

        return number;
    }

    public static bool? Boolean(JsonElement obj, string name, string parent = "")
    {
        if (!TryGet(obj, name, out var value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw Invalid(Path(parent, name), "a boolean"),
        };
    }

    public static JsonElement? Object(JsonElement obj, string name, string parent = "")
    {
        if (!TryGet(obj, name, out var value))
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.Object ? value : throw Invalid(Path(parent, name), "an object");
    }

    public static JsonElement? Array(JsonElement obj, string name, string parent = "")
    {
        if (!TryGet(obj, name, out var value))
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.Array ? value : throw Invalid(Path(parent, name), "an array");
    }

    public static OpenAIRequestException Invalid(string path, string expected) =>
        new($"'{path}' must be {expected}.", path);
}
