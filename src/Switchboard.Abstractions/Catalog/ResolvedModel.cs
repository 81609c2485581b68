namespace Switchboard.Abstractions.Catalog;

/// <summary>A model name resolved against the catalog.</summary>
/// <param name="Provider">The provider that serves the model.</param>
/// <param name="Model">The model definition.</param>
public sealed record ResolvedModel(ProviderDefinition Provider, ModelDefinition Model)
{
    /// <summary>Gets the canonical name, <c>provider:model</c>.</summary>
    public string CanonicalName { get; } = $"{Provider.Name}:{Model.Id}";
}
