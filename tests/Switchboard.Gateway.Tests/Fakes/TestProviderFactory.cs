using Microsoft.Extensions.AI;
using Switchboard.Abstractions.Catalog;
using Switchboard.Abstractions.Providers;

namespace Switchboard.Gateway.Tests.Fakes;

/// <summary>Hands out one <see cref="TestChatClient"/> per provider and remembers them.</summary>
public sealed class TestProviderFactory(string kind = "openai") : IChatProviderFactory
{
    public string Kind { get; } = kind;

    public Dictionary<string, TestChatClient> Clients { get; } = [];

    public IChatClient Create(ProviderDefinition provider)
    {
        var client = new TestChatClient();
        Clients[provider.Name] = client;
        return client;
    }
}
