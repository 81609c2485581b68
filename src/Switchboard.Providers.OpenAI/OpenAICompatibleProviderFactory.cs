using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Switchboard.Abstractions.Catalog;
using Switchboard.Abstractions.Providers;

namespace Switchboard.Providers.OpenAI;

/// <summary>Creates adapters for providers of kind <c>openai</c>: any OpenAI-compatible chat-completions server.</summary>
public sealed class OpenAICompatibleProviderFactory : IChatProviderFactory
{
    /// <summary>The provider kind this factory serves.</summary>
    public const string ProviderKind = "openai";

    private readonly ILoggerFactory _loggerFactory;
    private readonly TimeProvider _timeProvider;

    /// <summary>Initializes a new instance of the <see cref="OpenAICompatibleProviderFactory"/> class.</summary>
    public OpenAICompatibleProviderFactory(ILoggerFactory? loggerFactory = null, TimeProvider? timeProvider = null)
    {
        _loggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
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
            // Re-resolve DNS now and then so that a moved upstream is followed.
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            ConnectTimeout = TimeSpan.FromSeconds(10),
            AutomaticDecompression = DecompressionMethods.All,

            // Over HTTP/2 a connection carries at most the server's stream limit (often 100) at once; open another
            // connection beyond that rather than queue the request.
            EnableMultipleHttp2Connections = true,

            // An API endpoint does not redirect; following one would resend the provider's key to wherever it points.
            AllowAutoRedirect = false,
            MaxConnectionsPerServer = int.MaxValue,
        };
        var http = new HttpClient(handler, disposeHandler: true)
        {
            // The adapter enforces the provider's timeout itself, so that it can tell a timeout from a cancellation.
            Timeout = Timeout.InfiniteTimeSpan,

            // The adapter sets both on each request it builds too: these apply only to HttpClient's convenience methods.
            DefaultRequestVersion = provider.HttpVersion,
            DefaultVersionPolicy = provider.HttpVersionPolicy,
        };
        if (!string.IsNullOrEmpty(provider.ApiKey))
        {
            if (provider.ApiKeyHeader is { } header)
            {
                http.DefaultRequestHeaders.TryAddWithoutValidation(header, provider.ApiKey); // e.g. Azure OpenAI's api-key
            }
            else
            {
                http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", provider.ApiKey);
            }
        }

        foreach (var (name, value) in provider.Headers)
        {
            http.DefaultRequestHeaders.TryAddWithoutValidation(name, value);
        }

        http.DefaultRequestHeaders.UserAgent.ParseAdd("Switchboard/" + typeof(OpenAICompatibleProviderFactory).Assembly.GetName().Version?.ToString(3));
        return new OpenAICompatibleChatClient(http, provider, _loggerFactory.CreateLogger("Switchboard.Providers.OpenAI"), _timeProvider);
    }
}
