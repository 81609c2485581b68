using System.ComponentModel;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Switchboard.Agents.Tools;

/// <summary>One parameter of a <see cref="MethodTool"/>: its schema, and how its value is read from a call.</summary>
internal sealed class MethodToolParameter
{
    /// <summary>Reads arguments: enums by snake_case name, integers written as 3.0 too, no numbers from strings.</summary>
    internal static readonly JsonSerializerOptions SerializerOptions = new()
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false), new WholeNumberConverterFactory() },
    };

    private readonly Type _type;
    private readonly object? _defaultValue;

    private MethodToolParameter(MethodToolParameterKind kind, string name, Type type, bool hasDefault, object? defaultValue, bool acceptsNull, JsonObject? schema)
    {
        Kind = kind;
        Name = name;
        _type = type;
        HasDefault = hasDefault;
        _defaultValue = defaultValue;
        AcceptsNull = acceptsNull;
        Schema = schema;
    }

    /// <summary>Gets where the value comes from.</summary>
    public MethodToolParameterKind Kind { get; }

    /// <summary>Gets the argument's name in the JSON arguments (snake_case).</summary>
    public string Name { get; }

    /// <summary>Gets whether the parameter has a default value, used when the argument is missing.</summary>
    public bool HasDefault { get; }

    /// <summary>Gets whether null is a valid value.</summary>
    public bool AcceptsNull { get; }

    /// <summary>Gets whether the model must supply the argument.</summary>
    public bool IsRequired => Kind == MethodToolParameterKind.Argument && !HasDefault && !AcceptsNull;

    /// <summary>Gets the argument's schema; null for injected parameters.</summary>
    public JsonObject? Schema { get; }

    /// <summary>Describes <paramref name="parameter"/>.</summary>
    /// <exception cref="NotSupportedException">The parameter is by reference or its type has no schema mapping.</exception>
    public static MethodToolParameter Create(ParameterInfo parameter, NullabilityInfoContext nullabilityContext)
    {
        var type = parameter.ParameterType;
        var name = parameter.Name ?? throw new NotSupportedException("Tool parameters need names.");
        if (type.IsByRef || parameter.IsOut)
        {
            throw new NotSupportedException($"Tool parameter '{name}' is passed by reference.");
        }

        if (type == typeof(CancellationToken))
        {
            return new(MethodToolParameterKind.CancellationToken, name, type, hasDefault: false, defaultValue: null, acceptsNull: false, schema: null);
        }

        if (type == typeof(ToolInvocation))
        {
            return new(MethodToolParameterKind.Invocation, name, type, hasDefault: false, defaultValue: null, acceptsNull: false, schema: null);
        }

        var schema = ClrTypeSchema.For(type, nullabilityContext.Create(parameter), out var nullable);
        var jsonName = JsonNamingPolicy.SnakeCaseLower.ConvertName(name);
        var defaultValue = parameter.HasDefaultValue ? GetDefaultValue(parameter) : null;
        if (parameter.HasDefaultValue && defaultValue is not null)
        {
            schema["default"] = JsonSerializer.SerializeToNode(defaultValue, defaultValue.GetType(), SerializerOptions);
        }

        if (parameter.GetCustomAttribute<DescriptionAttribute>()?.Description is { Length: > 0 } description)
        {
            schema["description"] = description;
        }

        return new(MethodToolParameterKind.Argument, jsonName, type, parameter.HasDefaultValue, defaultValue, nullable, schema);
    }

    /// <summary>Reads the parameter's value for one call.</summary>
    /// <exception cref="ToolException">The argument is missing or cannot be read as the parameter's type.</exception>
    public object? Bind(ToolInvocation invocation, CancellationToken cancellationToken)
    {
        switch (Kind)
        {
            case MethodToolParameterKind.CancellationToken:
                return cancellationToken;
            case MethodToolParameterKind.Invocation:
                return invocation;
        }

        var arguments = invocation.Arguments;
        if (arguments.ValueKind == JsonValueKind.Object && arguments.TryGetProperty(Name, out var value) && value.ValueKind != JsonValueKind.Null)
        {
            return Read(value);
        }

        if (HasDefault)
        {
            return _defaultValue;
        }

        return AcceptsNull ? null : throw new ToolException($"'{Name}' is required.");
    }

    private object? Read(JsonElement value)
    {
        var target = Nullable.GetUnderlyingType(_type) ?? _type;
        try
        {
            return value.Deserialize(_type, SerializerOptions);
        }
        catch (Exception exception) when (exception is JsonException or OverflowException or NotSupportedException)
        {
            throw new ToolException($"'{Name}' is not a valid {Describe(target)}.", exception);
        }
    }

    private static object? GetDefaultValue(ParameterInfo parameter)
    {
        var type = Nullable.GetUnderlyingType(parameter.ParameterType) ?? parameter.ParameterType;
        var value = parameter.DefaultValue;
        if (value is null or DBNull)
        {
            // `= default` on a value type: the zero value; on Nullable<T> or a reference type: null.
            return parameter.ParameterType.IsValueType ? Activator.CreateInstance(parameter.ParameterType) : null;
        }

        return type.IsEnum ? Enum.ToObject(type, value) : value;
    }

    private static string Describe(Type type) =>
        type.IsEnum ? "choice"
        : ClrTypeSchema.IsInteger(type) ? "integer"
        : type == typeof(double) || type == typeof(float) || type == typeof(decimal) ? "number"
        : type == typeof(DateOnly) ? "date (YYYY-MM-DD)"
        : type == typeof(DateTimeOffset) || type == typeof(DateTime) ? "date-time"
        : ClrTypeSchema.GetElementType(type) is not null ? "list"
        : type.Name;
}
