using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Switchboard.Agents.Tools.Http;

/// <summary>
/// A built-in tool backed by an adapter service speaking a small JSON-over-GET contract at a configured base URL
/// (<c>get_weather</c>, <c>web_search</c>). Without a base URL every call fails, naming the setting to add.
/// </summary>
public abstract class AdapterTool : AgentTool
{
    private readonly ToolHttpClient _http;
    private readonly string? _baseUrl;
    private readonly string _setting;

    /// <summary>Initializes a new instance of the <see cref="AdapterTool"/> class.</summary>
    /// <param name="httpClient">The client to send with.</param>
    /// <param name="baseUrl">The adapter's base URL; null when none is configured.</param>
    /// <param name="setting">The setting that holds the base URL, named in the error when it is missing.</param>
    /// <param name="logger">The logger; null for none.</param>
    protected AdapterTool(HttpClient httpClient, Uri? baseUrl, string setting, ILogger? logger)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        _http = new ToolHttpClient(httpClient, logger);
        _baseUrl = baseUrl?.AbsoluteUri.TrimEnd('/');
        _setting = setting;
    }

    /// <summary>Sends <c>GET {base}{pathAndQuery}</c> and returns the JSON answer.</summary>
    /// <exception cref="ToolException">The tool is not configured, or the adapter failed (status, body, size, network).</exception>
    protected async Task<JsonElement> GetJsonAsync(string pathAndQuery, CancellationToken cancellationToken)
    {
        if (_baseUrl is null)
        {
            throw new ToolException($"{Name} is not configured: set {_setting}.");
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(_baseUrl + pathAndQuery));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return await _http.SendAsync(Name, request, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads a non-empty string property, trimmed; null when it is missing, empty or not a string.</summary>
    protected static string? Text(JsonElement item, string name) =>
        item.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text ? text.Trim() : null;
}
