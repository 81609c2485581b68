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
}
