namespace Switchboard.Gateway.Catalog;

/// <summary>The configuration shape of the model catalog (section <c>Switchboard</c>).</summary>
public sealed class ModelCatalogOptions
{
    /// <summary>Gets the providers by name. The name is the prefix in <c>provider:model</c>.</summary>
    public Dictionary<string, ProviderOptions> Providers { get; } = new(StringComparer.OrdinalIgnoreCase);
}
