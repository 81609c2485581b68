using System.Diagnostics.CodeAnalysis;
using Switchboard.Abstractions.Catalog;

namespace Switchboard.Gateway.Catalog;

/// <summary>The immutable, validated model catalog. Build it with <see cref="ModelCatalogBuilder"/>.</summary>
public sealed class ModelCatalog : IModelCatalog
{
    private static readonly char[] Separators = [':', '/'];

    private readonly Dictionary<string, ProviderDefinition> _providers;
    private readonly Dictionary<string, ResolvedModel> _byCanonicalName;
    private readonly Dictionary<string, List<ResolvedModel>> _byModelId;
    private readonly Dictionary<string, RouteDefinition> _routes;
    private readonly RouteDefinition _defaultRetries;

    // The implicit one-target route of each model, made once: budgets and failover ask for it on every call.
    private readonly Dictionary<string, RouteDefinition> _directRoutes;

    /// <summary>Initializes a new instance of the <see cref="ModelCatalog"/> class from validated providers.</summary>
    public ModelCatalog(IReadOnlyList<ProviderDefinition> providers)
        : this(providers, [], new RouteDefinition(string.Empty, [], RouteOptions.DefaultMaxAttempts, TimeSpan.FromMilliseconds(RouteOptions.DefaultRetryBaseDelayMs), TimeSpan.FromSeconds(RouteOptions.DefaultMaxRetryAfterSeconds)))
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ModelCatalog"/> class from validated providers and routes.</summary>
    /// <param name="providers">The providers.</param>
    /// <param name="routes">The routes.</param>
    /// <param name="defaultRetries">The retry settings of direct model calls (its name and targets are ignored).</param>
    public ModelCatalog(IReadOnlyList<ProviderDefinition> providers, IReadOnlyList<RouteDefinition> routes, RouteDefinition defaultRetries)
    {
        ArgumentNullException.ThrowIfNull(providers);
        ArgumentNullException.ThrowIfNull(routes);
        Providers = providers;
        Routes = routes;
        _routes = routes.ToDictionary(r => r.Name, StringComparer.OrdinalIgnoreCase);
        _defaultRetries = defaultRetries;
        _providers = providers.ToDictionary(p => p.Name, StringComparer.OrdinalIgnoreCase);
        Models = providers.SelectMany(p => p.Models.Select(m => new ResolvedModel(p, m))).ToArray();
        _byCanonicalName = Models.ToDictionary(m => m.CanonicalName, StringComparer.OrdinalIgnoreCase);
        _byModelId = new Dictionary<string, List<ResolvedModel>>(StringComparer.OrdinalIgnoreCase);
        foreach (var model in Models)
        {
            if (!_byModelId.TryGetValue(model.Model.Id, out var list))
            {
                _byModelId[model.Model.Id] = list = [];
            }

            list.Add(model);
        }

        _directRoutes = Models.ToDictionary(m => m.CanonicalName, DirectRoute, StringComparer.OrdinalIgnoreCase);
    }

    /// <inheritdoc />
    public IReadOnlyList<ProviderDefinition> Providers { get; }

    /// <inheritdoc />
    public IReadOnlyList<ResolvedModel> Models { get; }

    /// <inheritdoc />
    public IReadOnlyList<RouteDefinition> Routes { get; }

    /// <inheritdoc />
    public bool TryGetRoute(string name, [NotNullWhen(true)] out RouteDefinition? route, [NotNullWhen(false)] out string? reason)
    {
        if (name is not null && _routes.TryGetValue(name, out route))
        {
            reason = null;
            return true;
        }

        if (TryResolve(name!, out var model, out reason))
        {
            route = _directRoutes.TryGetValue(model.CanonicalName, out var direct) && ReferenceEquals(direct.Targets[0], model) ? direct : DirectRoute(model);
            return true;
        }

        route = null;
        return false;
    }

    private RouteDefinition DirectRoute(ResolvedModel model) => _defaultRetries with { Name = model.CanonicalName, Targets = [model] };

    /// <inheritdoc />
    public bool TryResolve(string name, [NotNullWhen(true)] out ResolvedModel? model, [NotNullWhen(false)] out string? reason)
    {
        model = null;
        if (string.IsNullOrWhiteSpace(name))
        {
            reason = "A model name is required.";
            return false;
        }

        // Fast path: the canonical "provider:model" form.
        if (_byCanonicalName.TryGetValue(name, out model))
        {
            reason = null;
            return true;
        }

        // "provider/model", or a "provider:model" whose model id contains ':' or '/' itself (ollama:llama3:8b).
        var separator = name.IndexOfAny(Separators);
        if (separator > 0 && _providers.TryGetValue(name[..separator], out var provider))
        {
            var modelId = name[(separator + 1)..];
            var match = provider.Models.FirstOrDefault(m => string.Equals(m.Id, modelId, StringComparison.OrdinalIgnoreCase));
            if (match is not null)
            {
                model = new ResolvedModel(provider, match);
                reason = null;
                return true;
            }

            // A bare id may itself contain a separator (meta-llama/Llama-3-8B); only fail if it is not one.
            if (!_byModelId.ContainsKey(name))
            {
                reason = $"The model '{modelId}' is not offered by provider '{provider.Name}'.";
                return false;
            }
        }

        if (_byModelId.TryGetValue(name, out var candidates))
        {
            if (candidates.Count == 1)
            {
                model = candidates[0];
                reason = null;
                return true;
            }

            reason = $"The model '{name}' is offered by several providers; name one of: "
                + string.Join(", ", candidates.Select(c => c.CanonicalName)) + ".";
            return false;
        }

        reason = $"The model '{name}' does not exist. Use 'provider:model'; GET /v1/models lists them.";
        return false;
    }
}
