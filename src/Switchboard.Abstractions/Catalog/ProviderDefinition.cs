namespace Switchboard.Abstractions.Catalog;

/// <summary>An upstream model provider: one server speaking one wire protocol.</summary>
/// <param name="Name">The provider's name, used as the prefix in <c>provider:model</c>.</param>
/// <param name="Kind">The wire protocol, e.g. <c>openai</c> for any OpenAI-compatible server.</param>
/// <param name="BaseUrl">The base URL of the API, e.g. <c>https://api.openai.com/v1</c>.</param>
/// <param name="ApiKeyEnvironmentVariable">The environment variable that holds the API key, if any.</param>
/// <param name="ApiKey">The API key read from that variable at start-up, or <see langword="null"/>.</param>
/// <param name="Timeout">The total time allowed for one upstream call.</param>
/// <param name="Headers">Extra headers sent with every upstream request.</param>
/// <param name="Models">The models this provider offers.</param>
public sealed record ProviderDefinition(
    string Name,
    string Kind,
    Uri BaseUrl,
    string? ApiKeyEnvironmentVariable,
    string? ApiKey,
    TimeSpan Timeout,
    IReadOnlyDictionary<string, string> Headers,
    IReadOnlyList<ModelDefinition> Models)
{
    /// <summary>Gets a value indicating whether an API key is required but was not found.</summary>
    public bool IsMissingApiKey => ApiKeyEnvironmentVariable is not null && string.IsNullOrEmpty(ApiKey);

    /// <summary>Gets the header that carries the API key instead of the protocol's usual one, or null.</summary>
    public string? ApiKeyHeader { get; init; }

    /// <summary>Gets how long a stream may take to produce its first update before it counts as timed out.</summary>
    public TimeSpan FirstTokenTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Gets the HTTP version every upstream request asks for. HTTP/2 multiplexes many concurrent requests, streams
    /// included, over few connections; HTTP/1.1 holds one connection per open request.
    /// </summary>
    /// <value>The default is HTTP/1.1.</value>
    public Version HttpVersion { get; init; } = System.Net.HttpVersion.Version11;

    /// <summary>
    /// Gets how <see cref="HttpVersion"/> is applied: whether a lower (or higher) version may be negotiated. Over
    /// cleartext <c>http://</c>, HTTP/2 is used only with <see cref="HttpVersionPolicy.RequestVersionExact"/> (h2c with
    /// prior knowledge); over <c>https://</c> it is negotiated by ALPN.
    /// </summary>
    /// <value>The default is <see cref="HttpVersionPolicy.RequestVersionOrLower"/>.</value>
    public HttpVersionPolicy HttpVersionPolicy { get; init; } = HttpVersionPolicy.RequestVersionOrLower;

    /// <summary>
    /// Gets the OpenAI wire field an output-token limit goes under when the caller did not choose one:
    /// <c>max_tokens</c> or <c>max_completion_tokens</c>.
    /// </summary>
    /// <value>The default is <c>max_tokens</c>.</value>
    public string MaxTokensField { get; init; } = "max_tokens";
}
