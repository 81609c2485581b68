using System.Text.Json;
using Microsoft.Extensions.AI;
using Switchboard.Abstractions.Chat;

namespace Switchboard.Agents.Tools;

/// <summary>
/// A tool an agent can call: a name, a description and a JSON schema of its parameters (what the model sees), plus an
/// implementation. <see cref="Examples"/> are utterances the tool serves; the <c>builtin</c> model, which cannot read
/// descriptions, chooses tools by them.
/// </summary>
public abstract class AgentTool : AIFunctionDeclaration
{
    /// <summary>The longest a tool may ask for its cached results to be served, in seconds: one day.</summary>
    public const double MaxCacheTtlSeconds = 86_400;

    /// <summary>Gets utterances the tool serves (any language), used by the <c>builtin</c> model to choose it.</summary>
    public virtual IReadOnlyList<string> Examples => [];

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, object?> AdditionalProperties =>
        Examples.Count == 0 ? base.AdditionalProperties : new Dictionary<string, object?> { [ChatContentProperties.ToolExamples] = Examples };

    /// <summary>Gets the longest time one execution may take; null for the agent's default.</summary>
    public virtual TimeSpan? Timeout => null;

    /// <summary>
    /// Gets a value indicating whether the tool is idempotent: it changes nothing, and its result depends only on its
    /// arguments (and the tenant) for a while, so the runtime may answer a repeated call from the tool result cache
    /// instead of running it again. Only read-only lookups qualify; a tool that writes, or whose answer may change from
    /// one call to the next (an order's status), must not declare it.
    /// </summary>
    /// <value>The default is <see langword="false"/>: every call runs the tool.</value>
    public virtual bool Idempotent => false;

    /// <summary>Gets how long a cached result of this tool is served; null for the cache's default. Read only when <see cref="Idempotent"/> is true.</summary>
    /// <value>The default is null.</value>
    public virtual TimeSpan? CacheTtl => null;

    /// <summary>
    /// Runs the tool. <see cref="ToolInvocation.Arguments"/> already passed the schema (defaults filled in). Throw
    /// <see cref="ToolException"/> for a failure the model should read; the returned value is serialised to JSON.
    /// </summary>
    public abstract ValueTask<object?> InvokeAsync(ToolInvocation invocation, CancellationToken cancellationToken);

    /// <summary>Reads a required string argument.</summary>
    protected static string GetString(ToolInvocation invocation, string name) =>
        invocation.Arguments.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw new ToolException($"'{name}' is required.");

    /// <summary>Reads an optional string argument.</summary>
    protected static string? GetOptionalString(ToolInvocation invocation, string name) =>
        invocation.Arguments.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
