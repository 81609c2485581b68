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

    /// <summary>
    /// Gets or sets a value indicating whether the tool is idempotent (read-only, its result depending only on its
    /// arguments for a while), so that repeated calls may be answered from the tool result cache. See
    /// <see cref="AgentTool.Idempotent"/>.
    /// </summary>
    /// <value>The default is <see langword="false"/>.</value>
    public bool Idempotent { get; set; }

    /// <summary>
    /// Gets or sets how long a cached result is served, in seconds; 0 (the default) for the cache's default. Only an
    /// idempotent tool may set it.
    /// </summary>
    /// <value>The default is 0.</value>
    public double CacheTtlSeconds { get; set; }
}
