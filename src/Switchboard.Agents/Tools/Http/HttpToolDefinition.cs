using System.Text.Json;

namespace Switchboard.Agents.Tools.Http;

/// <summary>
/// A tool that calls an HTTP JSON API, declared without code (see <see cref="HttpTool"/>). Build one from configuration
/// with <see cref="HttpToolOptions.ToDefinition"/>, which validates it first.
/// </summary>
public sealed record HttpToolDefinition
{
    /// <summary>Gets the tool's name, in snake_case (<c>^[a-z][a-z0-9_]{0,63}$</c>).</summary>
    public required string Name { get; init; }

    /// <summary>Gets what the tool does, for the model.</summary>
    public required string Description { get; init; }

    /// <summary>Gets the HTTP method: GET, POST, PUT, PATCH or DELETE.</summary>
    /// <value>The default is GET.</value>
    public HttpMethod Method { get; init; } = HttpMethod.Get;

    /// <summary>
    /// Gets the absolute http(s) URL template, e.g. <c>https://api.example.com/orders/{order_id}?lang={lang}</c>. Each
    /// <c>{param}</c> is replaced by the URL-escaped argument; placeholders may appear in the path and the query only.
    /// </summary>
    public required string Url { get; init; }

    /// <summary>
    /// Gets the request headers, name to value template. A value may contain <c>${env:NAME}</c>, replaced at call time by
    /// the environment variable (so secrets stay out of configuration files), and <c>${call:tenant}</c>, replaced by the
    /// tenant the call is made for; header values are never logged.
    /// </summary>
    /// <value>The default is none.</value>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary>Gets the JSON schema of the arguments (an object schema), which the runtime checks before every call.</summary>
    /// <value>The default is an object with no properties.</value>
    public JsonElement Parameters { get; init; } = HttpToolSchema.Empty;

    /// <summary>
    /// Gets a dotted path selecting the part of the JSON response the model gets (<c>data.items</c>, <c>current.temp_c</c>;
    /// a numeric segment indexes an array, as in <c>results.0</c>); null for the whole response.
    /// </summary>
    /// <value>The default is null.</value>
    public string? ResponseField { get; init; }

    /// <summary>Gets the longest time one call may take; null for the agent's default.</summary>
    /// <value>The default is null.</value>
    public TimeSpan? Timeout { get; init; }

    /// <summary>
    /// Gets a value indicating whether the call is idempotent (read-only, its answer depending only on the arguments for
    /// a while), so repeated calls may be answered from the tool result cache; see <see cref="AgentTool.Idempotent"/>.
    /// </summary>
    /// <value>The default is <see langword="false"/>.</value>
    public bool Idempotent { get; init; }

    /// <summary>Gets how long a cached answer is served; null for the cache's default. Read only when <see cref="Idempotent"/> is true.</summary>
    /// <value>The default is null.</value>
    public TimeSpan? CacheTtl { get; init; }

    /// <summary>Gets utterances the tool serves (any language), used by the <c>builtin</c> model to choose it.</summary>
    /// <value>The default is none.</value>
    public IReadOnlyList<string> Examples { get; init; } = [];
}
