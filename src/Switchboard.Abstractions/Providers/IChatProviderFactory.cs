using Microsoft.Extensions.AI;
using Switchboard.Abstractions.Catalog;

namespace Switchboard.Abstractions.Providers;

/// <summary>Creates the <see cref="IChatClient"/> that speaks one wire protocol to one provider.</summary>
public interface IChatProviderFactory
{
    /// <summary>Gets the provider kind this factory serves, e.g. <c>openai</c>.</summary>
    string Kind { get; }

    /// <summary>Gets a value indicating whether providers of this kind need a base URL (false for in-process engines).</summary>
    bool RequiresBaseUrl => true;

    /// <summary>Creates a client for <paramref name="provider"/>; the caller owns and disposes it.</summary>
    /// <remarks>The client receives the upstream model id in <see cref="ChatOptions.ModelId"/>.</remarks>
    IChatClient Create(ProviderDefinition provider);
}
