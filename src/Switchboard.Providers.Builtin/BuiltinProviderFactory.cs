using Microsoft.Extensions.AI;
using Switchboard.Abstractions.Catalog;
using Switchboard.Abstractions.Providers;

namespace Switchboard.Providers.Builtin;

/// <summary>
/// Creates adapters for providers of kind <c>builtin</c>: the in-process engine that answers from a knowledge base.
/// A model id names the knowledge base: <c>builtin:support</c> answers from knowledge base <c>support</c>.
/// </summary>
public sealed class BuiltinProviderFactory : IChatProviderFactory
{
    /// <summary>The provider kind this factory serves.</summary>
    public const string ProviderKind = "builtin";

    private readonly KnowledgeBaseRegistry _registry;
    private readonly TimeProvider _timeProvider;

    /// <summary>Initializes a new instance of the <see cref="BuiltinProviderFactory"/> class.</summary>
    public BuiltinProviderFactory(KnowledgeBaseRegistry registry, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _registry = registry;
        _timeProvider = timeProvider;
    }

    /// <inheritdoc />
    public string Kind => ProviderKind;

    /// <inheritdoc />
    public bool RequiresBaseUrl => false;

    /// <inheritdoc />
    public IChatClient Create(ProviderDefinition provider) => new BuiltinChatClient(provider, _registry, _timeProvider);
}
