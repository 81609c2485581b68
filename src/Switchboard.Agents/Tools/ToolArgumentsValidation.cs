using System.Text.Json;

namespace Switchboard.Agents.Tools;

/// <summary>The outcome of checking a tool call's arguments against the tool's schema.</summary>
public sealed class ToolArgumentsValidation
{
    internal ToolArgumentsValidation(JsonElement arguments, IReadOnlyList<SchemaViolation> errors)
    {
        Arguments = arguments;
        Errors = errors;
    }

    /// <summary>Gets whether the arguments passed.</summary>
    public bool IsValid => Errors.Count == 0;

    /// <summary>Gets every violation found; empty when the arguments passed.</summary>
    public IReadOnlyList<SchemaViolation> Errors { get; }

    /// <summary>
    /// Gets the arguments to run the tool with: when valid, a copy with schema <c>default</c>s filled in for missing
    /// properties; otherwise the arguments as received (<see cref="JsonValueKind.Undefined"/> when they were not JSON).
    /// </summary>
    public JsonElement Arguments { get; }

    /// <summary>Formats all violations on one line, for the model to read and correct its call.</summary>
    /// <returns>The violations separated by <c>; </c>; empty when the arguments passed.</returns>
    public string FormatErrors() => string.Join("; ", Errors);
}
