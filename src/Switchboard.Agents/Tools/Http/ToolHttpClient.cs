using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Switchboard.Agents.Tools.Http;

/// <summary>
/// Sends a tool's HTTP request and reads a JSON answer of bounded size. Every failure is a <see cref="ToolException"/>
/// the model can read: unreachable host, non-2xx status (with a short excerpt of the body), oversized or invalid JSON.
/// Logs name the tool, method, host and status; never the URL's query, headers or bodies.
/// </summary>
internal sealed partial class ToolHttpClient
{
    /// <summary>The largest answer read by default: 1 MiB.</summary>
    public const int DefaultMaxResponseBytes = 1024 * 1024;

    private const int ExcerptChars = 300;
    private const int ErrorBodyBytes = 4096;

    private readonly HttpClient _http;
    private readonly ILogger _logger;
    private readonly int _maxResponseBytes;

    public ToolHttpClient(HttpClient http, ILogger? logger, int maxResponseBytes = DefaultMaxResponseBytes)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxResponseBytes);
        _http = http;
        _logger = logger ?? NullLogger.Instance;
        _maxResponseBytes = maxResponseBytes;
    }

    /// <summary>Sends <paramref name="request"/> and returns the JSON answer.</summary>
    /// <exception cref="ToolException">The request failed; the message says how.</exception>
    public async Task<JsonElement> SendAsync(string tool, HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var host = request.RequestUri!.Authority;
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException exception)
        {
            LogUnreachable(_logger, tool, request.Method.Method, host, exception.HttpRequestError);
            throw new ToolException($"Could not reach {host}: {Describe(exception.HttpRequestError)}.", exception);
        }
        catch (OperationCanceledException exception) when (!cancellationToken.IsCancellationRequested)
        {
            // HttpClient.Timeout, not the caller: the runtime's own tool timeout cancels the token instead.
            LogUnreachable(_logger, tool, request.Method.Method, host, HttpRequestError.Unknown);
            throw new ToolException($"Could not reach {host}: it did not answer in time.", exception);
        }

        using (response)
        {
            LogAnswered(_logger, tool, request.Method.Method, host, (int)response.StatusCode);
            if (!response.IsSuccessStatusCode)
            {
                var start = await ReadAsync(response.Content, host, ErrorBodyBytes, failWhenLarger: false, cancellationToken).ConfigureAwait(false);
                var reason = string.IsNullOrEmpty(response.ReasonPhrase) ? response.StatusCode.ToString() : response.ReasonPhrase;
                throw new ToolException($"{host} answered HTTP {(int)response.StatusCode} ({reason}): {Excerpt(start)}");
            }

            if (response.Content.Headers.ContentLength > _maxResponseBytes)
            {
                throw TooLarge(host);
            }

            var body = await ReadAsync(response.Content, host, _maxResponseBytes, failWhenLarger: true, cancellationToken).ConfigureAwait(false);
            try
            {
                using var document = JsonDocument.Parse(body);
                return document.RootElement.Clone();
            }
            catch (JsonException exception)
            {
                throw new ToolException($"The answer from {host} is not valid JSON: {Excerpt(body)}", exception);
            }
        }
    }

    private async Task<ReadOnlyMemory<byte>> ReadAsync(HttpContent content, string host, int limit, bool failWhenLarger, CancellationToken cancellationToken)
    {
        try
        {
            var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                using var buffer = new MemoryStream();
                var chunk = new byte[16 * 1024];
                int read;
                while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
                {
                    if (buffer.Length + read > limit)
                    {
                        if (failWhenLarger)
                        {
                            throw TooLarge(host);
                        }

                        buffer.Write(chunk, 0, limit - (int)buffer.Length);
                        break;
                    }

                    buffer.Write(chunk, 0, read);
                }

                return buffer.ToArray();
            }
        }
        catch (Exception exception) when (exception is HttpRequestException or IOException)
        {
            throw new ToolException($"Could not reach {host}: the connection broke while reading the answer.", exception);
        }
    }

    private ToolException TooLarge(string host) =>
        new($"The answer from {host} is larger than {_maxResponseBytes.ToString("N0", CultureInfo.InvariantCulture)} bytes; the tool reads no more.");

    private static string Excerpt(ReadOnlyMemory<byte> body)
    {
        var text = string.Join(' ', Encoding.UTF8.GetString(body.Span).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        if (text.Length == 0)
        {
            return "(empty body)";
        }

        return text.Length <= ExcerptChars ? text : string.Concat(text.AsSpan(0, ExcerptChars), "…");
    }

    private static string Describe(HttpRequestError error) => error switch
    {
        HttpRequestError.NameResolutionError => "the host name could not be resolved",
        HttpRequestError.ConnectionError => "the connection failed",
        HttpRequestError.SecureConnectionError => "the TLS connection failed",
        HttpRequestError.HttpProtocolError or HttpRequestError.InvalidResponse => "the answer was not valid HTTP",
        HttpRequestError.ResponseEnded => "the connection closed before the answer was complete",
        HttpRequestError.ProxyTunnelError => "the proxy refused the connection",
        _ => "the request failed",
    };

    [LoggerMessage(Level = LogLevel.Debug, Message = "HTTP tool {Tool}: {Method} {Host} answered {StatusCode}")]
    private static partial void LogAnswered(ILogger logger, string tool, string method, string host, int statusCode);

    [LoggerMessage(Level = LogLevel.Warning, Message = "HTTP tool {Tool}: {Method} {Host} failed ({Error})")]
    private static partial void LogUnreachable(ILogger logger, string tool, string method, string host, HttpRequestError error);
}
