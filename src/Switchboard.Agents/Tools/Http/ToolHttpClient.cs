using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
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

    private static ReadOnlySpan<byte> Utf8Bom => [0xEF, 0xBB, 0xBF];

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
                throw new ToolException($"{host} answered HTTP {(int)response.StatusCode} ({reason}): {Excerpt(start, request)}");
            }

            if (response.Content.Headers.ContentLength > _maxResponseBytes)
            {
                throw TooLarge(host);
            }

            var body = await ReadAsync(response.Content, host, _maxResponseBytes, failWhenLarger: true, cancellationToken).ConfigureAwait(false);

            // A byte order mark is allowed before JSON text, but not by the parser of bytes.
            if (body.Span.StartsWith(Utf8Bom))
            {
                body = body[Utf8Bom.Length..];
            }

            // A 204, or a 201/202 without a body, succeeded: the model must not take it for a failure and repeat a write.
            if (body.Span.Trim(" \t\r\n"u8).IsEmpty)
            {
                return JsonSerializer.SerializeToElement(new JsonObject { ["status"] = (int)response.StatusCode, ["body"] = null });
            }

            try
            {
                using var document = JsonDocument.Parse(body);
                return document.RootElement.Clone();
            }
            catch (JsonException exception)
            {
                throw new ToolException($"The answer from {host} is not valid JSON: {Excerpt(body, request)}", exception);
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

    /// <summary>
    /// Takes the request's header values out of an answer's excerpt: an API that echoes the key it was sent ("invalid
    /// key sk-…") would otherwise put the operator's secret into the tool result, the conversation and the model's
    /// prompt. Each value is removed whole and word by word (a bearer token without its scheme), from 8 characters up.
    /// </summary>
    private static string Redact(string excerpt, HttpRequestMessage request)
    {
        foreach (var header in request.Headers)
        {
            foreach (var value in header.Value)
            {
                foreach (var secret in value.Split(' ', StringSplitOptions.RemoveEmptyEntries).Prepend(value))
                {
                    if (secret.Length >= 8)
                    {
                        excerpt = excerpt.Replace(secret, "[redacted]", StringComparison.Ordinal);
                    }
                }
            }
        }

        return excerpt;
    }

    private static string Excerpt(ReadOnlyMemory<byte> body, HttpRequestMessage request)
    {
        var text = Redact(string.Join(' ', Encoding.UTF8.GetString(body.Span).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)), request);
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
