using System.ComponentModel;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Switchboard.Agents.Tools;

/// <summary>
/// A tool backed by a method marked with <see cref="AgentFunctionAttribute"/>. The JSON schema comes from the method's
/// signature: each parameter becomes a snake_case property, required unless it is nullable or has a default value;
/// <see cref="CancellationToken"/> and <see cref="ToolInvocation"/> parameters are supplied by the call, not the model.
/// </summary>
public sealed class MethodTool : AgentTool
{
    private readonly object? _target;
    private readonly MethodToolParameter[] _parameters;
    private readonly Func<object?, ValueTask<object?>> _readResult;

    private MethodTool(object? target, MethodInfo method, AgentFunctionAttribute attribute, MethodToolParameter[] parameters)
    {
        _target = target;
        _parameters = parameters;
        _readResult = CreateResultReader(method.ReturnType);
        Method = method;
        Name = attribute.Name;
        Description = attribute.Description ?? method.GetCustomAttribute<DescriptionAttribute>()?.Description ?? string.Empty;
        Examples = attribute.Examples is { } examples ? [.. examples] : [];
        Timeout = attribute.TimeoutSeconds > 0 ? TimeSpan.FromSeconds(attribute.TimeoutSeconds) : null;
        Idempotent = attribute.Idempotent;
        CacheTtl = attribute.CacheTtlSeconds > 0 ? TimeSpan.FromSeconds(attribute.CacheTtlSeconds) : null;
        JsonSchema = BuildSchema(parameters);
    }

    /// <summary>Gets the method the tool calls.</summary>
    public MethodInfo Method { get; }

    /// <inheritdoc/>
    public override string Name { get; }

    /// <inheritdoc/>
    public override string Description { get; }

    /// <inheritdoc/>
    public override JsonElement JsonSchema { get; }

    /// <inheritdoc/>
    public override IReadOnlyList<string> Examples { get; }

    /// <inheritdoc/>
    public override TimeSpan? Timeout { get; }

    /// <inheritdoc/>
    public override bool Idempotent { get; }

    /// <inheritdoc/>
    public override TimeSpan? CacheTtl { get; }

    /// <summary>Creates the tool for <paramref name="method"/>, which must carry <see cref="AgentFunctionAttribute"/>.</summary>
    /// <param name="target">The instance to call the method on; null for a static method.</param>
    /// <param name="method">The method.</param>
    /// <returns>The tool.</returns>
    /// <exception cref="ArgumentException">The method has no attribute, its name is not snake_case, its cache time to live is invalid (or set on a tool that is not idempotent), or the target does not fit.</exception>
    /// <exception cref="NotSupportedException">A parameter is by reference or of a type with no JSON schema mapping.</exception>
    public static MethodTool Create(object? target, MethodInfo method)
    {
        ArgumentNullException.ThrowIfNull(method);
        var attribute = method.GetCustomAttribute<AgentFunctionAttribute>()
            ?? throw new ArgumentException($"Method '{method.Name}' has no [{nameof(AgentFunctionAttribute)}].", nameof(method));
        if (!IsSnakeCase(attribute.Name))
        {
            throw new ArgumentException(
                $"Tool name '{attribute.Name}' of method '{method.Name}' must be snake_case: a lowercase letter, then lowercase letters, digits or '_', at most 64 characters.",
                nameof(method));
        }

        if (CheckCacheTtl(attribute) is { } cacheProblem)
        {
            throw new ArgumentException($"Tool '{attribute.Name}' of method '{method.Name}': {cacheProblem}", nameof(method));
        }

        if (method.IsStatic != target is null)
        {
            throw new ArgumentException(
                method.IsStatic ? $"Method '{method.Name}' is static; pass no target." : $"Method '{method.Name}' needs a target instance.", nameof(target));
        }

        if (target is not null && !method.DeclaringType!.IsInstanceOfType(target))
        {
            throw new ArgumentException($"The target is not a '{method.DeclaringType}'.", nameof(target));
        }

        if (method.ContainsGenericParameters)
        {
            throw new NotSupportedException($"Method '{method.Name}' is generic.");
        }

        var nullability = new NullabilityInfoContext();
        var parameters = method.GetParameters().Select(parameter => MethodToolParameter.Create(parameter, nullability)).ToArray();
        return new MethodTool(target, method, attribute, parameters);
    }

    /// <summary>Creates a tool for every method of <paramref name="target"/> (instance or static, any visibility) that carries <see cref="AgentFunctionAttribute"/>.</summary>
    /// <param name="target">The instance.</param>
    /// <returns>The tools, in declaration order.</returns>
    /// <exception cref="ArgumentException">Two methods share a tool name, or <see cref="Create"/> rejects a method.</exception>
    public static IReadOnlyList<MethodTool> FromInstance(object target)
    {
        ArgumentNullException.ThrowIfNull(target);
        var methods = target.GetType()
            .GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static)
            .Where(method => method.IsDefined(typeof(AgentFunctionAttribute), inherit: false))
            .OrderBy(method => method.MetadataToken);

        var tools = new List<MethodTool>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var method in methods)
        {
            var tool = Create(method.IsStatic ? null : target, method);
            if (!names.Add(tool.Name))
            {
                throw new ArgumentException($"Two methods of '{target.GetType()}' are named tool '{tool.Name}'.", nameof(target));
            }

            tools.Add(tool);
        }

        return tools;
    }

    /// <inheritdoc/>
    /// <remarks>Exceptions the method throws propagate unwrapped (not as <see cref="TargetInvocationException"/>).</remarks>
    public override async ValueTask<object?> InvokeAsync(ToolInvocation invocation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        if (invocation.Arguments.ValueKind is not (JsonValueKind.Object or JsonValueKind.Undefined))
        {
            throw new ToolException("The arguments must be a JSON object.");
        }

        var arguments = new object?[_parameters.Length];
        for (var i = 0; i < arguments.Length; i++)
        {
            arguments[i] = _parameters[i].Bind(invocation, cancellationToken);
        }

        cancellationToken.ThrowIfCancellationRequested();
        var result = Method.Invoke(_target, BindingFlags.DoNotWrapExceptions, binder: null, arguments, culture: null);
        return await _readResult(result);
    }

    private static JsonElement BuildSchema(MethodToolParameter[] parameters)
    {
        var properties = new JsonObject();
        var required = new JsonArray();
        foreach (var parameter in parameters)
        {
            if (parameter.Schema is null)
            {
                continue;
            }

            properties[parameter.Name] = parameter.Schema;
            if (parameter.IsRequired)
            {
                required.Add(parameter.Name);
            }
        }

        var schema = new JsonObject { ["type"] = "object", ["properties"] = properties, ["required"] = required, ["additionalProperties"] = false };
        return JsonSerializer.SerializeToElement(schema);
    }

    private static Func<object?, ValueTask<object?>> CreateResultReader(Type returnType)
    {
        if (returnType == typeof(Task) || returnType == typeof(ValueTask))
        {
            return async result =>
            {
                await (result is ValueTask valueTask ? valueTask : new ValueTask(AsTask(result)));
                return null;
            };
        }

        if (returnType.IsGenericType && returnType.GetGenericTypeDefinition() == typeof(Task<>))
        {
            var resultProperty = returnType.GetProperty(nameof(Task<object>.Result))!;
            return async result =>
            {
                var task = AsTask(result);
                await task;
                return resultProperty.GetValue(task);
            };
        }

        if (returnType.IsGenericType && returnType.GetGenericTypeDefinition() == typeof(ValueTask<>))
        {
            var asTask = returnType.GetMethod(nameof(ValueTask<object>.AsTask))!;
            var resultProperty = asTask.ReturnType.GetProperty(nameof(Task<object>.Result))!;
            return async result =>
            {
                var task = (Task)asTask.Invoke(result, null)!;
                await task;
                return resultProperty.GetValue(task);
            };
        }

        // Synchronous: the value itself (null for void).
        return result => ValueTask.FromResult(result);
    }

    private static Task AsTask(object? result) =>
        result as Task ?? throw new InvalidOperationException("The tool method returned a null task.");

    /// <summary>Returns what is wrong with the attribute's cache time to live, or null when it is fine.</summary>
    private static string? CheckCacheTtl(AgentFunctionAttribute attribute)
    {
        var seconds = attribute.CacheTtlSeconds;
        if (seconds == 0)
        {
            return null;
        }

        if (!attribute.Idempotent)
        {
            return $"{nameof(AgentFunctionAttribute.CacheTtlSeconds)} applies only to idempotent tools; set {nameof(AgentFunctionAttribute.Idempotent)} = true or remove it.";
        }

        return seconds > 0 && seconds <= MaxCacheTtlSeconds
            ? null
            : $"{nameof(AgentFunctionAttribute.CacheTtlSeconds)} must be more than 0 and at most {MaxCacheTtlSeconds.ToString(CultureInfo.InvariantCulture)} seconds (got {seconds.ToString(CultureInfo.InvariantCulture)}).";
    }

    private static bool IsSnakeCase(string name)
    {
        if (name.Length is 0 or > 64 || !char.IsAsciiLetterLower(name[0]))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!char.IsAsciiLetterLower(c) && !char.IsAsciiDigit(c) && c != '_')
            {
                return false;
            }
        }

        return true;
    }
}
