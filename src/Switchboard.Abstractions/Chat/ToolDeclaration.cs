using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Switchboard.Abstractions.Chat;

/// <summary>
/// A tool the caller declared (name, description, JSON schema) without an implementation in this process: the gateway
/// forwards it to the model and returns the model's calls to the caller.
/// </summary>
public sealed class ToolDeclaration : AIFunctionDeclaration
{
    private static readonly JsonElement EmptyObjectSchema = JsonDocument.Parse("""{"type":"object","properties":{}}""").RootElement;

    /// <summary>Initializes a new instance of the <see cref="ToolDeclaration"/> class.</summary>
    /// <param name="name">The function name.</param>
    /// <param name="description">What the function does, for the model.</param>
    /// <param name="parametersSchema">The JSON schema of the arguments; an empty object schema when null.</param>
    /// <param name="strict">Whether the caller asked for strict schema adherence; null when not said.</param>
    /// <param name="additionalProperties">Wire details of the caller's declaration a provider codec may carry on; null for none.</param>
    public ToolDeclaration(string name, string? description, JsonElement? parametersSchema, bool? strict = null, IReadOnlyDictionary<string, object?>? additionalProperties = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        Name = name;
        Description = description ?? string.Empty;
        JsonSchema = parametersSchema ?? EmptyObjectSchema;
        Strict = strict;
        AdditionalProperties = additionalProperties ?? base.AdditionalProperties;
    }

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, object?> AdditionalProperties { get; }

    /// <inheritdoc />
    public override string Name { get; }

    /// <inheritdoc />
    public override string Description { get; }

    /// <inheritdoc />
    public override JsonElement JsonSchema { get; }

    /// <summary>Gets whether the caller asked for strict schema adherence; null when not said.</summary>
    public bool? Strict { get; }
}
