using System.Text.Json;

namespace Switchboard.Agents.Tools;

/// <summary>The keywords that combine schemas: <c>allOf</c>, <c>anyOf</c>, <c>oneOf</c> and <c>not</c>.</summary>
public static partial class JsonSchemaValidator
{
    /// <summary>
    /// <c>allOf</c> (every schema), <c>anyOf</c> (at least one), <c>oneOf</c> (exactly one) and <c>not</c>. A failed
    /// <c>anyOf</c> or <c>oneOf</c> whose value has the type of one option only (a string where the options are a
    /// string with a pattern and null) reports that option's own problems, which say what to change.
    /// </summary>
    private static void CheckCombinations(Walk walk, JsonElement schema, JsonElement value, string path, List<SchemaViolation> errors)
    {
        if (Options(schema, "allOf") is { } all)
        {
            foreach (var option in all)
            {
                Check(walk, option, value, path, errors);
            }
        }

        foreach (var keyword in (ReadOnlySpan<string>)["anyOf", "oneOf"])
        {
            if (Options(schema, keyword) is not { Count: > 0 } options)
            {
                continue;
            }

            // anyOf stops at its first match, oneOf at its second: only a failure needs every option's problems.
            var outcomes = new List<List<SchemaViolation>>(options.Count);
            var matched = new List<int>(2);
            foreach (var option in options)
            {
                var found = new List<SchemaViolation>();
                Check(walk, option, value, path, found);
                outcomes.Add(found);
                if (found.Count == 0)
                {
                    matched.Add(outcomes.Count);
                    if (matched.Count == (keyword == "anyOf" ? 1 : 2))
                    {
                        break;
                    }
                }
            }

            if (walk.Steps.Exhausted)
            {
                return;
            }

            if (keyword == "oneOf" && matched.Count > 1)
            {
                errors.Add(new(path, $"must match exactly one of the oneOf schemas, but matches options {string.Join(" and ", matched)}"));
            }
            else if (matched.Count == 0)
            {
                var typed = options.Select((option, index) => (option, index)).Where(o => HasTypeOf(walk.Root, o.option, value)).Select(o => o.index).ToList();
                if (typed.Count == 1)
                {
                    errors.AddRange(outcomes[typed[0]]);
                }
                else
                {
                    var described = outcomes.Select((found, index) => $"option {index + 1}: {Summary(found, path)}");
                    errors.Add(new(path, $"must match {(keyword == "oneOf" ? "exactly one" : "at least one")} of the {keyword} schemas ({string.Join(" | ", described)})"));
                }
            }
        }

        if (schema.TryGetProperty("not", out var not) && not.ValueKind is JsonValueKind.Object or JsonValueKind.True or JsonValueKind.False)
        {
            var found = new List<SchemaViolation>();
            Check(walk, not, value, path, found);
            if (found.Count == 0)
            {
                errors.Add(new(path, $"must not match the schema {not.GetRawText()}"));
            }
        }
    }

    /// <summary>
    /// An option's problems in a few words: its first two, cut at <see cref="MaxSummaryLength"/> characters. Nested
    /// options are summarised the same way, so a message stays short however deep the arguments are.
    /// </summary>
    private static string Summary(List<SchemaViolation> found, string path)
    {
        var text = string.Join("; ", found.Take(2).Select(v => v.Path == path ? v.Message : $"{v.Path} {v.Message}"));
        return text.Length <= MaxSummaryLength ? text : string.Concat(text.AsSpan(0, MaxSummaryLength), "…");
    }

    private static List<JsonElement>? Options(JsonElement schema, string keyword) =>
        schema.TryGetProperty(keyword, out var options) && options.ValueKind == JsonValueKind.Array ? [.. options.EnumerateArray()] : null;

    /// <summary>Whether an option's own type admits the value: the type of the schema its <c>$ref</c> names, if it has
    /// no type of its own; any value when neither says.</summary>
    internal static bool HasTypeOf(JsonElement root, JsonElement option, JsonElement value)
    {
        for (var step = 0; step < MaxReferenceDepth && option.ValueKind == JsonValueKind.Object && !option.TryGetProperty("type", out _); step++)
        {
            if (!option.TryGetProperty("$ref", out var reference) || reference.ValueKind != JsonValueKind.String
                || !TryResolveReference(root, reference.GetString()!, out var referred))
            {
                break;
            }

            option = referred;
        }

        if (option.ValueKind != JsonValueKind.Object || !option.TryGetProperty("type", out var type))
        {
            return option.ValueKind != JsonValueKind.False;
        }

        return type.ValueKind switch
        {
            JsonValueKind.String => IsOfType(value, type.GetString()!),
            JsonValueKind.Array => type.EnumerateArray().Any(name => name.ValueKind == JsonValueKind.String && IsOfType(value, name.GetString()!)),
            _ => true,
        };
    }
}
