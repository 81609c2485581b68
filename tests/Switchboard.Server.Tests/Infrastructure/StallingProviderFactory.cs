using Microsoft.Extensions.AI;
using Switchboard.Abstractions.Catalog;
using Switchboard.Abstractions.Providers;

namespace Switchboard.Server.Tests.Infrastructure;

/// <summary>Serves provider kind <c>stalling</c> with <see cref="StallingChatClient"/>.</summary>
internal sealed class StallingProviderFactory : IChatProviderFactory
{
    public string Kind => "stalling";

    public bool RequiresBaseUrl => false;

    public IChatClient Create(ProviderDefinition provider) => new StallingChatClient();
}
