namespace Switchboard.Gateway.Catalog;

/// <summary>The configuration shape of one provider.</summary>
public sealed class ProviderOptions
{
    /// <summary>The default total timeout of one upstream call, in seconds.</summary>
    public const double DefaultTimeoutSeconds = 300;

    /// <summary>Gets or sets a value indicating whether the provider is used; set false to switch off a shipped provider.</summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool Enabled { get; set; } = true;

    /// <summary>Gets or sets the wire protocol, e.g. <c>openai</c>. Required.</summary>
    public string? Kind { get; set; }

    /// <summary>Gets or sets the API base URL, e.g. <c>https://api.openai.com/v1</c>. Required.</summary>
    public string? BaseUrl { get; set; }

    /// <summary>
    /// Gets or sets the name of the environment variable holding the API key. Keys are never written in configuration
    /// files. Leave unset for servers without authentication (a local vLLM or Ollama).
    /// </summary>
    public string? ApiKeyEnv { get; set; }

    /// <summary>
    /// Gets or sets the header that carries the API key. Unset: <c>Authorization: Bearer &lt;key&gt;</c> for kind openai,
    /// <c>x-api-key</c> for kind anthropic. Set it for servers that want another header, e.g. <c>api-key</c> for Azure OpenAI.
    /// </summary>
    public string? ApiKeyHeader { get; set; }

    /// <summary>Gets or sets the total timeout of one upstream call in seconds.</summary>
    /// <value>The default is 300 seconds.</value>
    public double? TimeoutSeconds { get; set; }

    /// <summary>Gets or sets how long a stream may take to produce its first update, in seconds; a slower one is a timeout (retried or failed over).</summary>
    /// <value>The default is 60 seconds.</value>
    public double? FirstTokenTimeoutSeconds { get; set; }

    /// <summary>
    /// Gets or sets the HTTP version requests to this provider ask for: <c>1.1</c> or <c>2.0</c> (also <c>2</c>).
    /// HTTP/2 multiplexes many concurrent requests and streams over few connections, where HTTP/1.1 holds one
    /// connection per open request. Over cleartext <c>http://</c>, HTTP/2 also needs <see cref="HttpVersionPolicy"/>
    /// <c>RequestVersionExact</c> (h2c with prior knowledge).
    /// </summary>
    /// <value>The default is <c>1.1</c>.</value>
    public string? HttpVersion { get; set; }

    /// <summary>
    /// Gets or sets how <see cref="HttpVersion"/> is applied, by the names of <see cref="System.Net.Http.HttpVersionPolicy"/>:
    /// <c>RequestVersionOrLower</c> (fall back to a lower version when the server does not offer it, e.g. by ALPN
    /// over https), <c>RequestVersionOrHigher</c>, or <c>RequestVersionExact</c> (the version or fail).
    /// </summary>
    /// <value>The default is <c>RequestVersionOrLower</c>.</value>
    public string? HttpVersionPolicy { get; set; }

    /// <summary>
    /// Gets or sets the field an output-token limit goes under when the caller did not choose one (a request from the
    /// Anthropic API, or a limit the budgets add): <c>max_tokens</c> or <c>max_completion_tokens</c>. OpenAI's reasoning
    /// models refuse <c>max_tokens</c>; many OpenAI-compatible servers know only <c>max_tokens</c>. Kind <c>openai</c>
    /// only.
    /// </summary>
    /// <value>The default is <c>max_completion_tokens</c> for <c>https://api.openai.com</c>, <c>max_tokens</c> otherwise.</value>
    public string? MaxTokensField { get; set; }

    /// <summary>Gets extra headers sent with every request to this provider.</summary>
    public Dictionary<string, string> Headers { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Gets the models this provider offers.</summary>
    public List<ModelOptions> Models { get; } = [];
}
