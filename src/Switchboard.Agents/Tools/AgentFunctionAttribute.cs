namespace Switchboard.Agents.Tools;

/// <summary>
/// Marks a method as a tool an agent can call. <see cref="MethodTool"/> reads the method's signature into the tool's
/// JSON schema; describe parameters with <see cref="System.ComponentModel.DescriptionAttribute"/>.
/// </summary>
/// <param name="name">The tool's name, in snake_case (for example <c>get_order_status</c>).</param>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class AgentFunctionAttribute(string name) : Attribute
{
    /// <summary>Gets the tool's name, in snake_case.</summary>
    public string Name { get; } = name;

    /// <summary>Gets or sets what the tool does, for the model; null to use the method's <c>[Description]</c>.</summary>
    public string? Description { get; set; }

    /// <summary>Gets or sets utterances the tool serves (any language), used by the <c>builtin</c> model to choose it.</summary>
#pragma warning disable CA1819 // Attribute arguments can only be arrays.
    public string[]? Examples { get; set; }
#pragma warning restore CA1819

    /// <summary>Gets or sets the longest time one execution may take, in seconds; 0 (the default) for the agent's default.</summary>
    public double TimeoutSeconds { get; set; }
}
