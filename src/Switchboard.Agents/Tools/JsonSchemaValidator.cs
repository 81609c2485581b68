using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Switchboard.Agents.Tools;

/// <summary>
/// Checks tool-call arguments against a tool's JSON schema (the subset of JSON Schema 2020-12 tools use): <c>type</c>
/// (one or a list), <c>properties</c>, <c>required</c>, <c>additionalProperties</c>, <c>enum</c>, <c>const</c>,
/// <c>minimum</c>, <c>maximum</c>, <c>exclusiveMinimum</c>, <c>exclusiveMaximum</c>, <c>minLength</c> and <c>maxLength</c>
/// (in Unicode code points), <c>pattern</c>, <c>format</c> (<c>date</c>, <c>date-time</c>, <c>email</c>, <c>uuid</c>),
/// <c>items</c>, <c>minItems</c> and <c>maxItems</c>; and the ones that combine schemas, as generated for optional and
/// nested parameters (Pydantic, zod): <c>anyOf</c>, <c>oneOf</c>, <c>allOf</c>, <c>not</c>, and <c>$ref</c> to a place
/// in the same schema (<c>#/$defs/Address</c>, <c>#/definitions/Address</c>, <c>#</c>). Other keywords are ignored.
/// </summary>
public static partial class JsonSchemaValidator
{
    /// <summary>The most <c>$ref</c>s followed in a row without stepping into a property or an item of the value, so
    /// that a schema that refers to itself without reaching deeper into the value (<c>{"$ref":"#"}</c>) ends.</summary>
    internal const int MaxReferenceDepth = 64;

    /// <summary>
    /// The most schema checks one validation makes. A schema whose <c>anyOf</c>, <c>oneOf</c> or <c>allOf</c> refer back
    /// to it can otherwise take time exponential in the depth of the arguments, and the check runs inside a model's
    /// tool call: past this many checks the arguments are refused instead.
    /// </summary>
    internal const int MaxSteps = 100_000;

    /// <summary>The longest description of one option's problems in a failed <c>anyOf</c> or <c>oneOf</c>.</summary>
    private const int MaxSummaryLength = 160;

    private static readonly TimeSpan PatternTimeout = TimeSpan.FromMilliseconds(200);
    private static readonly JsonElement EmptyObject = JsonElement.Parse("{}");

    /// <summary>Checks <paramref name="arguments"/> against <paramref name="schema"/>, collecting every violation.</summary>
    /// <param name="schema">The tool's parameter schema.</param>
    /// <param name="arguments">The arguments the model sent.</param>
    /// <returns>The violations, and when there are none the arguments with defaults filled in.</returns>
    public static ToolArgumentsValidation Validate(JsonElement schema, JsonElement arguments)
    {
        var errors = new List<SchemaViolation>();
        var walk = new Walk(schema, 0, new Steps());
        Check(walk, schema, arguments, string.Empty, errors);
        if (walk.Steps.Exhausted)
        {
            errors.Add(new(string.Empty, $"could not be checked against the schema within {MaxSteps} steps (a schema whose anyOf, oneOf or allOf refer back to it, with deeply nested arguments)"));
        }

        return errors.Count > 0 ? new(arguments, errors) : new(JsonSchemaDefaults.Apply(schema, arguments), []);
    }

    /// <summary>Parses the model's argument text (see <see cref="TryParseArguments"/>) and checks it against <paramref name="schema"/>.</summary>
    /// <param name="schema">The tool's parameter schema.</param>
    /// <param name="argumentsText">The arguments as the model wrote them.</param>
    /// <returns>The outcome; text that is not JSON is one violation at the root.</returns>
    public static ToolArgumentsValidation ParseAndValidate(JsonElement schema, string? argumentsText) =>
        TryParseArguments(argumentsText, out var arguments, out var error) ? Validate(schema, arguments) : new(default, [new(string.Empty, error)]);

    /// <summary>Parses the model's argument text. Empty or white-space text means no arguments (<c>{}</c>).</summary>
    /// <param name="text">The arguments as the model wrote them.</param>
    /// <param name="arguments">The parsed arguments, independent of the text.</param>
    /// <param name="error">Why the text is not JSON, for the model to read.</param>
    /// <returns>Whether the text is JSON.</returns>
    public static bool TryParseArguments(string? text, out JsonElement arguments, [NotNullWhen(false)] out string? error)
    {
        error = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            arguments = EmptyObject;
            return true;
        }

        try
        {
            // A key given twice would be checked once per copy and then sent twice (an HTTP tool's query string gets
            // both), which is how a second 'scope' or an array split across two copies would get past the schema.
            arguments = JsonElement.Parse(text, new JsonDocumentOptions { AllowTrailingCommas = true, AllowDuplicateProperties = false });
        }
        catch (JsonException exception)
        {
            arguments = default;
            error = $"the arguments are not valid JSON: {exception.Message}";
            return false;
        }

        // The parser accepts an escaped lone surrogate ("\ud800"), which only fails when the string is read: reading it
        // later (the schema check, a tool) would throw instead of telling the model.
        if (UnreadableText(arguments) is { } where)
        {
            arguments = default;
            error = $"the arguments hold text that is not valid Unicode (a lone surrogate escape) at '{where}'";
            return false;
        }

        return true;
    }

    private static string? UnreadableText(JsonElement value, string path = "")
    {
        try
        {
            switch (value.ValueKind)
            {
                case JsonValueKind.String:
                    _ = value.GetString();
                    return null;
                case JsonValueKind.Object:
                    foreach (var property in value.EnumerateObject())
                    {
                        if (UnreadableText(property.Value, Append(path, property.Name)) is { } inner)
                        {
                            return inner;
                        }
                    }

                    return null;
                case JsonValueKind.Array:
                    var index = 0;
                    foreach (var item in value.EnumerateArray())
                    {
                        if (UnreadableText(item, $"{path}/{index++}") is { } inner)
                        {
                            return inner;
                        }
                    }

                    return null;
                default:
                    return null;
            }
        }
        catch (InvalidOperationException)
        {
            return path.Length == 0 ? "/" : path;
        }
    }

    /// <summary>
    /// Resolves a <c>$ref</c> within <paramref name="root"/>: <c>#</c> or a JSON pointer after it (RFC 6901, with
    /// percent-encoding as in a URI fragment).
    /// </summary>
    /// <returns>Whether the reference names a place in <paramref name="root"/>.</returns>
    internal static bool TryResolveReference(JsonElement root, string reference, out JsonElement target)
    {
        target = root;
        if (!reference.StartsWith('#'))
        {
            return false;
        }

        var pointer = Uri.UnescapeDataString(reference[1..]);
        if (pointer.Length == 0)
        {
            return true;
        }

        if (pointer[0] != '/')
        {
            return false;
        }

        foreach (var token in pointer[1..].Split('/'))
        {
            var name = token.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            if (target.ValueKind == JsonValueKind.Object && target.TryGetProperty(name, out var next))
            {
                target = next;
            }
            else if (target.ValueKind == JsonValueKind.Array && int.TryParse(name, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index) && index < target.GetArrayLength())
            {
                target = target[index];
            }
            else
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Whether <paramref name="value"/> matches <paramref name="schema"/>, a place in <paramref name="root"/>;
    /// false too when the check would take more than <see cref="MaxSteps"/>.</summary>
    internal static bool Matches(JsonElement root, JsonElement schema, JsonElement value)
    {
        var walk = new Walk(root, 0, new Steps());
        var errors = new List<SchemaViolation>();
        Check(walk, schema, value, string.Empty, errors);
        return errors.Count == 0 && !walk.Steps.Exhausted;
    }

    private static void Check(Walk walk, JsonElement schema, JsonElement value, string path, List<SchemaViolation> errors)
    {
        if (!walk.Steps.Take())
        {
            return;
        }

        if (schema.ValueKind == JsonValueKind.False)
        {
            errors.Add(new(path, "no value is allowed here"));
            return;
        }

        if (schema.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        // A reference applies beside the schema's other keywords (JSON Schema 2020-12).
        if (schema.TryGetProperty("$ref", out var reference) && reference.ValueKind == JsonValueKind.String)
        {
            if (walk.References >= MaxReferenceDepth)
            {
                errors.Add(new(path, $"cannot be checked: the schema's $ref chain is deeper than {MaxReferenceDepth}"));
                return;
            }

            if (!TryResolveReference(walk.Root, reference.GetString()!, out var referred))
            {
                errors.Add(new(path, $"cannot be checked: the schema's $ref {reference.GetString()} names nothing in the schema"));
                return;
            }

            // The outcome of a referred schema at a place in the value is worked out once: a union of schemas that
            // refer back to it (a tree whose nodes are one of two kinds) would otherwise be checked again for every
            // branch above, in time exponential in the depth of the value.
            var key = (reference.GetString()!, path);
            if (walk.Steps.Known.TryGetValue(key, out var known))
            {
                if (known is null)
                {
                    errors.Add(new(path, $"cannot be checked: the schema's $ref {reference.GetString()} leads back to itself at the same place in the value"));
                    return;
                }

                errors.AddRange(known);
                if (known.Count > 0)
                {
                    return;
                }
            }
            else
            {
                walk.Steps.Known[key] = null; // being worked out
                var found = new List<SchemaViolation>();
                Check(walk with { References = walk.References + 1 }, referred, value, path, found);
                walk.Steps.Known[key] = found;
                errors.AddRange(found);
                if (found.Count > 0)
                {
                    return;
                }
            }
        }

        // Type first: when it fails, the other keywords would only repeat the problem.
        if (!CheckType(schema, value, path, errors))
        {
            return;
        }

        CheckCombinations(walk, schema, value, path, errors);

        if (schema.TryGetProperty("enum", out var allowed) && allowed.ValueKind == JsonValueKind.Array
            && !allowed.EnumerateArray().Any(candidate => JsonElement.DeepEquals(candidate, value)))
        {
            errors.Add(new(path, $"must be one of {string.Join(", ", allowed.EnumerateArray().Select(candidate => candidate.GetRawText()))}"));
        }

        if (schema.TryGetProperty("const", out var constant) && !JsonElement.DeepEquals(constant, value))
        {
            errors.Add(new(path, $"must be {constant.GetRawText()}"));
        }

        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                CheckObject(walk, schema, value, path, errors);
                break;
            case JsonValueKind.Array:
                CheckArray(walk, schema, value, path, errors);
                break;
            case JsonValueKind.String:
                CheckString(schema, value.GetString()!, path, errors);
                break;
            case JsonValueKind.Number:
                CheckNumber(schema, value, path, errors);
                break;
        }
    }


    private static bool CheckType(JsonElement schema, JsonElement value, string path, List<SchemaViolation> errors)
    {
        if (!schema.TryGetProperty("type", out var type))
        {
            return true;
        }

        var names = type.ValueKind switch
        {
            JsonValueKind.String => [type.GetString()!],
            JsonValueKind.Array => type.EnumerateArray().Where(name => name.ValueKind == JsonValueKind.String).Select(name => name.GetString()!).ToArray(),
            _ => (string[])[],
        };

        if (names.Length == 0 || names.Any(name => IsOfType(value, name)))
        {
            return true;
        }

        errors.Add(new(path, $"expected {string.Join(" or ", names)}, got {KindName(value)}"));
        return false;
    }

    private static void CheckObject(Walk walk, JsonElement schema, JsonElement value, string path, List<SchemaViolation> errors)
    {
        var properties = schema.TryGetProperty("properties", out var declared) && declared.ValueKind == JsonValueKind.Object ? declared : default;
        if (schema.TryGetProperty("required", out var required) && required.ValueKind == JsonValueKind.Array)
        {
            foreach (var name in required.EnumerateArray())
            {
                if (name.ValueKind == JsonValueKind.String && !value.TryGetProperty(name.GetString()!, out _))
                {
                    errors.Add(new(Append(path, name.GetString()!), "required property is missing"));
                }
            }
        }

        schema.TryGetProperty("additionalProperties", out var additional);
        foreach (var property in value.EnumerateObject())
        {
            var propertyPath = Append(path, property.Name);
            if (properties.ValueKind == JsonValueKind.Object && properties.TryGetProperty(property.Name, out var propertySchema))
            {
                Check(walk.Deeper(), propertySchema, property.Value, propertyPath, errors);
            }
            else if (additional.ValueKind == JsonValueKind.False)
            {
                errors.Add(new(propertyPath, "property is not allowed"));
            }
            else if (additional.ValueKind == JsonValueKind.Object)
            {
                Check(walk.Deeper(), additional, property.Value, propertyPath, errors);
            }
        }
    }

    private static void CheckArray(Walk walk, JsonElement schema, JsonElement value, string path, List<SchemaViolation> errors)
    {
        var count = value.GetArrayLength();
        if (TryGetCount(schema, "minItems", out var minItems) && count < minItems)
        {
            errors.Add(new(path, $"must have at least {minItems} item(s), got {count}"));
        }

        if (TryGetCount(schema, "maxItems", out var maxItems) && count > maxItems)
        {
            errors.Add(new(path, $"must have at most {maxItems} item(s), got {count}"));
        }

        if (schema.TryGetProperty("items", out var items) && items.ValueKind is JsonValueKind.Object or JsonValueKind.False)
        {
            var index = 0;
            foreach (var item in value.EnumerateArray())
            {
                Check(walk.Deeper(), items, item, $"{path}/{index++}", errors);
            }
        }
    }

    private static void CheckString(JsonElement schema, string value, string path, List<SchemaViolation> errors)
    {
        var length = value.EnumerateRunes().Count();
        if (TryGetCount(schema, "minLength", out var minLength) && length < minLength)
        {
            errors.Add(new(path, $"must be at least {minLength} character(s) long, got {length}"));
        }

        if (TryGetCount(schema, "maxLength", out var maxLength) && length > maxLength)
        {
            errors.Add(new(path, $"must be at most {maxLength} character(s) long, got {length}"));
        }

        if (schema.TryGetProperty("pattern", out var pattern) && pattern.ValueKind == JsonValueKind.String)
        {
            var expression = pattern.GetString()!;
            try
            {
                if (!Regex.IsMatch(value, expression, RegexOptions.CultureInvariant, PatternTimeout))
                {
                    errors.Add(new(path, $"does not match the pattern {expression}"));
                }
            }
            catch (RegexMatchTimeoutException)
            {
                errors.Add(new(path, $"took too long to check against the pattern {expression}"));
            }
            catch (ArgumentException)
            {
                errors.Add(new(path, $"cannot be checked: the schema's pattern {expression} is not a valid regular expression"));
            }
        }

        if (schema.TryGetProperty("format", out var format) && format.ValueKind == JsonValueKind.String
            && JsonStringFormats.Check(format.GetString()!, value) is { } problem)
        {
            errors.Add(new(path, problem));
        }
    }

    private static void CheckNumber(JsonElement schema, JsonElement value, string path, List<SchemaViolation> errors)
    {
        CheckBound(schema, "minimum", value, path, errors, comparison => comparison >= 0, ">=");
        CheckBound(schema, "maximum", value, path, errors, comparison => comparison <= 0, "<=");
        CheckBound(schema, "exclusiveMinimum", value, path, errors, comparison => comparison > 0, ">");
        CheckBound(schema, "exclusiveMaximum", value, path, errors, comparison => comparison < 0, "<");
    }

    private static void CheckBound(JsonElement schema, string keyword, JsonElement value, string path, List<SchemaViolation> errors, Func<int, bool> holds, string relation)
    {
        if (schema.TryGetProperty(keyword, out var bound) && bound.ValueKind == JsonValueKind.Number && !holds(Compare(value, bound)))
        {
            errors.Add(new(path, $"must be {relation} {bound.GetRawText()}, got {value.GetRawText()}"));
        }
    }

    // Decimal where both fit (0.1 stays 0.1); double otherwise, with numbers beyond double as infinities.
    private static int Compare(JsonElement left, JsonElement right) =>
        left.TryGetDecimal(out var leftDecimal) && right.TryGetDecimal(out var rightDecimal)
            ? leftDecimal.CompareTo(rightDecimal)
            : ToDouble(left).CompareTo(ToDouble(right));

    private static double ToDouble(JsonElement number) =>
        number.TryGetDouble(out var value) ? value
        : number.GetRawText().StartsWith('-') ? double.NegativeInfinity
        : double.PositiveInfinity;

    private static bool IsOfType(JsonElement value, string type) => type switch
    {
        "string" => value.ValueKind == JsonValueKind.String,
        "number" => value.ValueKind == JsonValueKind.Number,
        "integer" => value.ValueKind == JsonValueKind.Number && IsInteger(value),
        "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
        "object" => value.ValueKind == JsonValueKind.Object,
        "array" => value.ValueKind == JsonValueKind.Array,
        "null" => value.ValueKind == JsonValueKind.Null,
        _ => false,
    };

    // JSON Schema counts 3.0 as an integer.
    private static bool IsInteger(JsonElement value) => value.TryGetInt64(out _) || JsonWholeNumbers.IsWhole(value);

    private static string KindName(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.True or JsonValueKind.False => "boolean",
        JsonValueKind.Undefined => "nothing",
        var kind => kind.ToString().ToLowerInvariant(),
    };

    private static bool TryGetCount(JsonElement schema, string keyword, out long count)
    {
        count = 0;
        return schema.TryGetProperty(keyword, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out count);
    }

    /// <summary>The schema that <c>$ref</c>s resolve in, and how many were followed to get here.</summary>
    /// <summary>The schema that <c>$ref</c>s resolve in, how many were followed since the last step into the value, and
    /// the validation's step budget.</summary>
    private readonly record struct Walk(JsonElement Root, int References, Steps Steps)
    {
        public Walk Deeper() => this with { References = 0 };
    }

    /// <summary>What one validation shares across every branch it explores: the checks it has left, and the outcome of
    /// each referred schema at each place in the value (null while it is being worked out).</summary>
    private sealed class Steps
    {
        private int _left = MaxSteps;

        public bool Exhausted => _left < 0;

        public Dictionary<(string Reference, string Path), List<SchemaViolation>?> Known { get; } = [];

        public bool Take() => --_left >= 0;
    }

    private static string Append(string path, string name) =>
        $"{path}/{name.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal)}";
}
