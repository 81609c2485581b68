using System.Net;
using Microsoft.Extensions.AI;
using Switchboard.Abstractions.Catalog;
using Switchboard.Abstractions.Providers;

namespace Switchboard.Providers.Anthropic;

/// <summary>
/// Creates adapters for providers of kind <c>anthropic</c>: the Anthropic Messages API. Configure <c>BaseUrl</c> as the
/// API root including its version, <c>https://api.anthropic.com/v1</c>; the key goes in <c>x-api-key</c>.
/// </summary>
public sealed class AnthropicProviderFactory : IChatProviderFactory
{
    /// <summary>The provider kind this factory serves.</summary>
    public const string ProviderKind = "anthropic";

    /// <summary>The API version sent in <c>anthropic-version</c>.</summary>
    public const string ApiVersion = "2023-06-01";

    private readonly TimeProvider _timeProvider;

    /// <summary>Initializes a new instance of the <see cref="AnthropicProviderFactory"/> class.</summary>
    public AnthropicProviderFactory(TimeProvider? timeProvider = null)
    {
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <inheritdoc />
    public string Kind => ProviderKind;

    /// <inheritdoc />
    public IChatClient Create(ProviderDefinition provider)
    {
        ArgumentNullException.ThrowIfNull(provider);
        var handler = new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            ConnectTimeout = TimeSpan.FromSeconds(10),
            AutomaticDecompression = DecompressionMethods.All,

            // Over HTTP/2 a connection carries at most the server's stream limit (often 100) at once; open another
            // connection beyond that rather than queue the request.
            EnableMultipleHttp2Connections = true,

            // An API endpoint does not redirect; following one would resend the provider's key to wherever it points.
            AllowAutoRedirect = false,
        };
        var http = new HttpClient(handler, disposeHandler: true)
        {
            Timeout = Timeout.InfiniteTimeSpan,

            // The adapter sets both on each request it builds too: these apply only to HttpClient's convenience methods.
            DefaultRequestVersion = provider.HttpVersion,
            DefaultVersionPolicy = provider.HttpVersionPolicy,
        };
        if (!string.IsNullOrEmpty(provider.ApiKey))
        {
            http.DefaultRequestHeaders.TryAddWithoutValidation(provider.ApiKeyHeader ?? "x-api-key", provider.ApiKey);
        }

        http.DefaultRequestHeaders.Add("anthropic-version", ApiVersion);
        foreach (var (name, value) in provider.Headers)
        {
            http.DefaultRequestHeaders.Remove(name);
            http.DefaultRequestHeaders.TryAddWithoutValidation(name, value);
        }

        http.DefaultRequestHeaders.UserAgent.ParseAdd("Switchboard/" + typeof(AnthropicProviderFactory).Assembly.GetName().Version?.ToString(3));
        return new AnthropicChatClient(http, provider, _timeProvider);
    }
}
