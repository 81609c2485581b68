using System.Collections.Concurrent;
using Microsoft.Extensions.AI;
using Switchboard.Abstractions.Catalog;
using Switchboard.Abstractions.Providers;

namespace Switchboard.Gateway.Routing;

/// <summary>Holds one provider adapter per configured provider, created on first use and disposed with the registry.</summary>
public sealed class ProviderClientRegistry : IDisposable
{
    private readonly Dictionary<string, IChatProviderFactory> _factories;
    private readonly ConcurrentDictionary<string, Lazy<IChatClient>> _clients = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Initializes a new instance of the <see cref="ProviderClientRegistry"/> class.</summary>
    public ProviderClientRegistry(IEnumerable<IChatProviderFactory> factories)
    {
        ArgumentNullException.ThrowIfNull(factories);
        _factories = new Dictionary<string, IChatProviderFactory>(StringComparer.OrdinalIgnoreCase);
        foreach (var factory in factories)
        {
            // Later registrations win, so a host can replace a built-in adapter.
            _factories[factory.Kind] = factory;
        }
    }

    /// <summary>Gets the provider kinds that have a factory.</summary>
    public IReadOnlyCollection<string> Kinds => _factories.Keys;

    /// <summary>Gets the kinds that run in process and need no base URL.</summary>
    public IReadOnlyCollection<string> LocalKinds => _factories.Values.Where(f => !f.RequiresBaseUrl).Select(f => f.Kind).ToArray();

    /// <summary>Returns the adapter for <paramref name="provider"/>.</summary>
    public IChatClient GetClient(ProviderDefinition provider)
    {
        ArgumentNullException.ThrowIfNull(provider);
        return _clients.GetOrAdd(
            provider.Name,
            static (_, state) => new Lazy<IChatClient>(() => state.Self.Create(state.Provider)),
            (Self: this, Provider: provider)).Value;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var client in _clients.Values)
        {
            if (client.IsValueCreated)
            {
                client.Value.Dispose();
            }
        }

        _clients.Clear();
    }

    private IChatClient Create(ProviderDefinition provider) =>
        _factories.TryGetValue(provider.Kind, out var factory)
            ? factory.Create(provider)
            : throw new InvalidOperationException($"No adapter is registered for provider kind '{provider.Kind}'.");
}
