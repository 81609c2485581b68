using System.Diagnostics.CodeAnalysis;
using Switchboard.Abstractions.Catalog;

namespace Switchboard.Agents.Tests.Fakes;

/// <summary>An <see cref="IModelCatalog"/> that resolves any <c>provider:model</c> name, except the ones it is told are unknown.</summary>
public sealed class FakeModelCatalog : IModelCatalog
{
    private readonly HashSet<string> _unknown;

    public FakeModelCatalog(params string[] unknown) => _unknown = new HashSet<string>(unknown, StringComparer.Ordinal);

    public IReadOnlyList<ProviderDefinition> Providers => [];

    public IReadOnlyList<ResolvedModel> Models => [];

    public IReadOnlyList<RouteDefinition> Routes => [];

    public bool TryResolve(string name, [NotNullWhen(true)] out ResolvedModel? model, [NotNullWhen(false)] out string? reason)
    {
        ArgumentNullException.ThrowIfNull(name);
        var colon = name.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || colon == name.Length - 1 || _unknown.Contains(name))
        {
            model = null;
            reason = $"unknown model '{name}'";
            return false;
        }

        var definition = new ModelDefinition(name[(colon + 1)..], name[(colon + 1)..], null, null, null);
        var provider = new ProviderDefinition(
            name[..colon], "openai", new Uri("http://127.0.0.1/"), null, null, TimeSpan.FromSeconds(30), new Dictionary<string, string>(), [definition]);
        model = new ResolvedModel(provider, definition);
        reason = null;
        return true;
    }

    public bool TryGetRoute(string name, [NotNullWhen(true)] out RouteDefinition? route, [NotNullWhen(false)] out string? reason)
    {
        // Like the real catalog: a model name is a route of one.
        if (TryResolve(name, out var model, out reason))
        {
            route = new RouteDefinition(model.CanonicalName, [model], 1, TimeSpan.Zero, TimeSpan.Zero);
            return true;
        }

        route = null;
        return false;
    }
}
