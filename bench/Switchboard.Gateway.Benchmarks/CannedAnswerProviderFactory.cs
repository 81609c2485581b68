using Microsoft.Extensions.AI;
using Switchboard.Abstractions.Catalog;
using Switchboard.Abstractions.Providers;

namespace Switchboard.Gateway.Benchmarks;

/// <summary>
/// Replaces the OpenAI-compatible adapter (a later registration of the same kind wins in
/// <see cref="Routing.ProviderClientRegistry"/>): providers of kind <c>openai</c> get a <see cref="CannedAnswerChatClient"/>.
/// </summary>
internal sealed class CannedAnswerProviderFactory : IChatProviderFactory
{
    public string Kind => "openai";

    public IChatClient Create(ProviderDefinition provider) => new CannedAnswerChatClient();
}
