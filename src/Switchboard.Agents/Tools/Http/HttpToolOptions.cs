namespace Switchboard.Agents.Tools.Http;

/// <summary>
/// An HTTP tool as configuration binds it (an item of <c>Switchboard:Agents:HttpTools</c>). Give the arguments either as
/// <see cref="ParametersJson"/> (a JSON schema, as text) or as <see cref="Parameters"/> (name to type, description,
/// required, enum, default), not both. <see cref="HttpToolOptionsValidator"/> checks it;
/// <see cref="ToDefinition"/> turns it into the <see cref="HttpToolDefinition"/> an <see cref="HttpTool"/> runs.
/// </summary>
public sealed class HttpToolOptions
{
    /// <summary>Gets or sets the tool's name, in snake_case (<c>^[a-z][a-z0-9_]{0,63}$</c>).</summary>
    public string? Name { get; set; }

    /// <summary>Gets or sets what the tool does, for the model. Required.</summary>
    public string? Description { get; set; }

    /// <summary>Gets or sets the HTTP method: GET, POST, PUT, PATCH or DELETE (any case).</summary>
    /// <value>The default is GET.</value>
    public string? Method { get; set; }

    /// <summary>Gets or sets the absolute http(s) URL template; see <see cref="HttpToolDefinition.Url"/>.</summary>
    public string? Url { get; set; }

    /// <summary>Gets the request headers, name to value template; a value may contain <c>${env:NAME}</c> and <c>${call:tenant}</c>.</summary>
    /// <value>The default is none.</value>
    public Dictionary<string, string> Headers { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Gets or sets the arguments' JSON schema, as JSON text (an object schema).</summary>
    /// <value>The default is none.</value>
    public string? ParametersJson { get; set; }

    /// <summary>Gets the arguments in the simple form, by name.</summary>
    /// <value>The default is none.</value>
    public Dictionary<string, HttpToolParameterOptions> Parameters { get; } = new Dictionary<string, HttpToolParameterOptions>(StringComparer.Ordinal);

    /// <summary>Gets or sets a dotted path selecting part of the JSON response; see <see cref="HttpToolDefinition.ResponseField"/>.</summary>
    /// <value>The default is none: the whole response.</value>
    public string? ResponseField { get; set; }

    /// <summary>Gets or sets the longest time one call may take, in seconds (more than 0, at most 300).</summary>
    /// <value>The default is none: the agent's tool timeout.</value>
    public double? TimeoutSeconds { get; set; }

    /// <summary>
    /// Gets or sets a value indicating whether the call is idempotent: it changes nothing and its answer depends only on
    /// the arguments for a while, so repeated calls may be answered from the tool result cache. Declare it only for
    /// read-only lookups; see <see cref="AgentTool.Idempotent"/>.
    /// </summary>
    /// <value>The default is <see langword="false"/>.</value>
    public bool Idempotent { get; set; }

    /// <summary>
    /// Gets or sets how long a cached answer is served, in seconds (more than 0, at most
    /// <see cref="AgentTool.MaxCacheTtlSeconds"/>); only with <see cref="Idempotent"/>.
    /// </summary>
    /// <value>The default is none: the cache's default (<c>Switchboard:Agents:ToolCache:DefaultTtlSeconds</c>).</value>
    public double? CacheTtlSeconds { get; set; }

    /// <summary>Gets utterances the tool serves (any language), used by the <c>builtin</c> model to choose it.</summary>
    /// <value>The default is none.</value>
    public List<string> Examples { get; } = [];

    /// <summary>Validates the options and builds the definition.</summary>
    /// <returns>The definition.</returns>
    /// <exception cref="ArgumentException">The options are invalid; the message lists every problem.</exception>
    public HttpToolDefinition ToDefinition()
    {
        var errors = HttpToolOptionsValidator.Validate(this, path: Name ?? "http tool");
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(Environment.NewLine, errors));
        }

        return new HttpToolDefinition
        {
            Name = Name!,
            Description = Description!.Trim(),
            Method = HttpToolOptionsValidator.ParseMethod(Method)!,
            Url = Url!.Trim(),
            Headers = new Dictionary<string, string>(Headers, StringComparer.OrdinalIgnoreCase),
            Parameters = HttpToolSchema.Build(this, errors: null)!.Value,
            ResponseField = string.IsNullOrWhiteSpace(ResponseField) ? null : ResponseField.Trim(),
            Timeout = TimeoutSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : null,
            Idempotent = Idempotent,
            CacheTtl = CacheTtlSeconds is { } cacheSeconds ? TimeSpan.FromSeconds(cacheSeconds) : null,
            Examples = [.. Examples.Where(e => !string.IsNullOrWhiteSpace(e))],
        };
    }
}
