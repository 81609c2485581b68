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
    /// <summary>Gets utterances the tool serves (any language), used by the <c>builtin</c> model to choose it.</summary>
    public virtual IReadOnlyList<string> Examples => [];

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, object?> AdditionalProperties =>
        Examples.Count == 0 ? base.AdditionalProperties : new Dictionary<string, object?> { [ChatContentProperties.ToolExamples] = Examples };

    /// <summary>Gets the longest time one execution may take; null for the agent's default.</summary>
    public virtual TimeSpan? Timeout => null;

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
