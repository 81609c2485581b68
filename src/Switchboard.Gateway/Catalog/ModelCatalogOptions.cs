namespace Switchboard.Gateway.Catalog;

/// <summary>The configuration shape of the model catalog (section <c>Switchboard</c>).</summary>
public sealed class ModelCatalogOptions
{
    /// <summary>Gets the providers by name. The name is the prefix in <c>provider:model</c>.</summary>
    public Dictionary<string, ProviderOptions> Providers { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Gets the routes (fallback chains) by name; a request may name a route instead of a model.</summary>
    public Dictionary<string, RouteOptions> Routes { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Gets the retry settings of calls that name a model directly.</summary>
    public RouteOptions Retries { get; } = new();
}
