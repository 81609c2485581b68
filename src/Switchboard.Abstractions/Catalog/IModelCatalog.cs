using System.Diagnostics.CodeAnalysis;

namespace Switchboard.Abstractions.Catalog;

/// <summary>The validated, immutable set of providers and models Switchboard can call.</summary>
public interface IModelCatalog
{
    /// <summary>Gets the enabled providers, ordered by name.</summary>
    IReadOnlyList<ProviderDefinition> Providers { get; }

    /// <summary>Gets every model of every provider: providers by name, models in configuration order.</summary>
    IReadOnlyList<ResolvedModel> Models { get; }

    /// <summary>
    /// Resolves a model name: <c>provider:model</c>, <c>provider/model</c>, or a bare model id that exactly one
    /// provider offers.
    /// </summary>
    /// <param name="name">The name a caller asked for.</param>
    /// <param name="model">The resolved model, when found.</param>
    /// <param name="reason">Why the name did not resolve, when not found.</param>
    /// <returns><see langword="true"/> when the name resolved to exactly one model.</returns>
    bool TryResolve(string name, [NotNullWhen(true)] out ResolvedModel? model, [NotNullWhen(false)] out string? reason);

    /// <summary>Gets the configured routes (fallback chains), by name.</summary>
    IReadOnlyList<RouteDefinition> Routes { get; }

    /// <summary>
    /// Returns how to call <paramref name="name"/>: a configured route, or a single-target route with the default
    /// retry settings for a model name.
    /// </summary>
    /// <returns><see langword="true"/> when the name is a route or resolves to a model.</returns>
    bool TryGetRoute(string name, [NotNullWhen(true)] out RouteDefinition? route, [NotNullWhen(false)] out string? reason);
}
