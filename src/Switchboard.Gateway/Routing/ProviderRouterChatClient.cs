using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Switchboard.Abstractions.Catalog;
using Switchboard.Abstractions.Chat;
using Switchboard.Abstractions.Errors;

namespace Switchboard.Gateway.Routing;

/// <summary>
/// The innermost pipeline stage: resolves <see cref="ChatOptions.ModelId"/> (<c>provider:model</c>) against the catalog
/// and sends the call to that provider's adapter with the upstream model id. Responses carry the canonical model name
/// in <c>ModelId</c> and the provider's name in <see cref="ChatContentProperties.Provider"/>.
/// </summary>
public sealed class ProviderRouterChatClient : IChatClient
{
    private readonly IModelCatalog _catalog;
    private readonly ProviderClientRegistry _registry;

    /// <summary>Initializes a new instance of the <see cref="ProviderRouterChatClient"/> class.</summary>
    public ProviderRouterChatClient(IModelCatalog catalog, ProviderClientRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(registry);
        _catalog = catalog;
        _registry = registry;
    }

    /// <inheritdoc />
    public async Task<ChatResponse> GetResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        var (model, client, upstreamOptions) = Route(options);
        var response = await client.GetResponseAsync(messages, upstreamOptions, cancellationToken).ConfigureAwait(false);
        response.AdditionalProperties ??= [];
        if (response.ModelId is not null)
        {
            response.AdditionalProperties[ChatContentProperties.UpstreamModel] = response.ModelId;
        }

        response.AdditionalProperties[ChatContentProperties.Provider] = model.Provider.Name;
        response.ModelId = model.CanonicalName;
        return response;
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var (model, client, upstreamOptions) = Route(options);
        var first = true;
        await foreach (var update in client.GetStreamingResponseAsync(messages, upstreamOptions, cancellationToken).ConfigureAwait(false))
        {
            update.ModelId = model.CanonicalName;
            if (first)
            {
                // Stamped once, on the first update, to keep the per-chunk path free of allocations.
                update.AdditionalProperties ??= [];
                update.AdditionalProperties[ChatContentProperties.Provider] = model.Provider.Name;
                first = false;
            }

            yield return update;
        }
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is null && serviceType.IsInstanceOfType(this) ? this : null;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        // The registry owns the adapters.
    }

    private (ResolvedModel Model, IChatClient Client, ChatOptions Options) Route(ChatOptions? options)
    {
        var name = options?.ModelId ?? throw new ModelNotFoundException("A model name is required.");
        if (!_catalog.TryResolve(name, out var model, out var reason))
        {
            throw new ModelNotFoundException(reason);
        }

        if (model.Provider.IsMissingApiKey)
        {
            throw new UpstreamException(
                UpstreamErrorKind.NotConfigured,
                model.Provider.Name,
                $"Provider '{model.Provider.Name}' has no API key: set the environment variable {model.Provider.ApiKeyEnvironmentVariable}.");
        }

        var upstreamOptions = options.Clone();
        upstreamOptions.ModelId = model.Model.UpstreamId;
        return (model, _registry.GetClient(model.Provider), upstreamOptions);
    }
}
