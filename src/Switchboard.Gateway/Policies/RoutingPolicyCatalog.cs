using System.Diagnostics.CodeAnalysis;
using Switchboard.Abstractions.Catalog;

namespace Switchboard.Gateway.Policies;

/// <summary>
/// The immutable, validated routing policies, together with the model catalog they route into: together they say
/// what every name a caller may use means (a policy, a route or a model). Build it with <see cref="RoutingPolicyBuilder"/>.
/// </summary>
public sealed class RoutingPolicyCatalog
{
    private readonly Dictionary<string, RoutingPolicy> _byName;

    /// <summary>Initializes a new instance of the <see cref="RoutingPolicyCatalog"/> class.</summary>
    /// <param name="models">The model catalog the policies' targets belong to.</param>
    /// <param name="policies">The validated policies.</param>
    public RoutingPolicyCatalog(IModelCatalog models, IReadOnlyList<RoutingPolicy> policies)
    {
        ArgumentNullException.ThrowIfNull(models);
        ArgumentNullException.ThrowIfNull(policies);
        Models = models;
        Policies = policies;
        _byName = policies.ToDictionary(p => p.Name, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>Gets the model catalog.</summary>
    public IModelCatalog Models { get; }

    /// <summary>Gets the policies, in configuration order.</summary>
    public IReadOnlyList<RoutingPolicy> Policies { get; }

    /// <summary>Returns a catalog without policies.</summary>
    public static RoutingPolicyCatalog Empty(IModelCatalog models) => new(models, []);

    /// <summary>Finds a policy by name (case-insensitive).</summary>
    public bool TryGetPolicy(string? name, [NotNullWhen(true)] out RoutingPolicy? policy)
    {
        policy = null;
        return name is not null && _byName.TryGetValue(name, out policy);
    }

    /// <summary>
    /// Resolves any name a caller may use in place of a model: a policy, a route or a model. The result is the name to
    /// pass down the pipeline as <c>ChatOptions.ModelId</c>: the policy's or route's name, or the model's canonical name.
    /// </summary>
    /// <returns><see langword="true"/> when the name is known.</returns>
    public bool TryResolveName(string? name, [NotNullWhen(true)] out string? resolved, [NotNullWhen(false)] out string? reason)
    {
        if (TryGetPolicy(name, out var policy))
        {
            resolved = policy.Name;
            reason = null;
            return true;
        }

        if (Models.TryGetRoute(name!, out var route, out reason))
        {
            resolved = route.Name;
            return true;
        }

        resolved = null;
        return false;
    }
}
