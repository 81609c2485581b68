using System.Buffers;
using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Switchboard.Abstractions.Catalog;
using Switchboard.Abstractions.Errors;
using Switchboard.Abstractions.Providers;
using Switchboard.Abstractions.Streaming;
using Switchboard.Providers.OpenAI.Wire;

namespace Switchboard.Providers.OpenAI;

/// <summary>
/// An <see cref="IChatClient"/> for any server that speaks the OpenAI chat-completions protocol. Streams are read event
/// by event and each chunk is yielded as it arrives; tool-call argument fragments are forwarded, not buffered.
/// </summary>
internal sealed partial class OpenAICompatibleChatClient : IChatClient
{
    private static readonly MediaTypeHeaderValue JsonContentType = new("application/json") { CharSet = "utf-8" };

    private readonly HttpClient _http;
    private readonly ProviderDefinition _provider;
    private readonly Uri _endpoint;
    private readonly ILogger _logger;
    private readonly ChatClientMetadata _metadata;

    private readonly TimeProvider _timeProvider;

    public OpenAICompatibleChatClient(HttpClient http, ProviderDefinition provider, ILogger logger, TimeProvider? timeProvider = null)
    {
        _timeProvider = timeProvider ?? TimeProvider.System;
        _http = http;
        _provider = provider;
        _logger = logger;
        var baseUrl = provider.BaseUrl.ToString();
        _endpoint = new Uri(baseUrl.EndsWith('/') ? baseUrl + "chat/completions" : baseUrl + "/chat/completions");
        _metadata = new ChatClientMetadata(provider.Name, provider.BaseUrl);
    }

    public async Task<ChatResponse> GetResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_provider.Timeout);
        try
        {
            using var request = CreateRequest(messages, options, stream: false);
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            await EnsureSuccessAsync(response, timeout.Token).ConfigureAwait(false);
            using var body = await PooledBody.ReadAsync(response.Content, UpstreamBodyLimits.MaxAnswerBytes, timeout.Token).ConfigureAwait(false);
            return OpenAIChatResponseReader.ReadResponse(body.Span);
        }
        catch (Exception exception) when (MapException(exception, cancellationToken) is { } mapped)
        {
            throw mapped;
        }
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_provider.Timeout);
        HttpResponseMessage? response = null;
        SseEventReader? reader = null;
        var chunks = new OpenAIChunkReader();
        try
        {
            try
            {
                using var request = CreateRequest(messages, options, stream: true);
                response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
                await EnsureSuccessAsync(response, timeout.Token).ConfigureAwait(false);
                reader = new SseEventReader(await response.Content.ReadAsStreamAsync(timeout.Token).ConfigureAwait(false));
            }
            catch (Exception exception) when (MapException(exception, cancellationToken) is { } mapped)
            {
                throw mapped;
            }

            while (true)
            {
                ChatResponseUpdate update;
                try
                {
                    if (!await reader.ReadAsync(timeout.Token).ConfigureAwait(false))
                    {
                        // The connection ended without [DONE]: the answer may be cut short, so say so.
                        throw new UpstreamException(
                            UpstreamErrorKind.ServerError, _provider.Name, $"Provider '{_provider.Name}' ended the stream before [DONE].");
                    }

                    if (reader.Data.Span.SequenceEqual("[DONE]"u8))
                    {
                        yield break;
                    }

                    update = ReadChunk(chunks, reader.Data.Span);
                }
                catch (Exception exception) when (MapException(exception, cancellationToken) is { } mapped)
                {
                    throw mapped;
                }

                yield return update;
            }
        }
        finally
        {
            reader?.Dispose();
            response?.Dispose();
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (serviceKey is not null)
        {
            return null;
        }

        if (serviceType == typeof(ChatClientMetadata))
        {
            return _metadata;
        }

        return serviceType.IsInstanceOfType(this) ? this : null;
    }

    public void Dispose() => _http.Dispose();

    /// <summary>Reads one streamed chunk from its event data, which is only valid until the next event is read.</summary>
    private ChatResponseUpdate ReadChunk(OpenAIChunkReader chunks, ReadOnlySpan<byte> data)
    {
        if (chunks.TryRead(data, out var update))
        {
            return update;
        }

        var (message, type) = OpenAIErrorReader.Read(data);
        throw new UpstreamException(
            UpstreamErrorKind.ServerError,
            _provider.Name,
            $"Provider '{_provider.Name}' reported an error mid-stream: {message ?? "no message"}",
            upstreamType: type);
    }

    private HttpRequestMessage CreateRequest(IEnumerable<ChatMessage> messages, ChatOptions? options, bool stream)
    {
        if (options?.ModelId is null)
        {
            throw new ArgumentException("ChatOptions.ModelId must name the upstream model.", nameof(options));
        }

        var body = new ArrayBufferWriter<byte>(RequestBodySize.Estimate(messages, options));
        OpenAIChatRequestWriter.Write(body, messages, options, stream, _provider.MaxTokensField);
        var content = new ReadOnlyMemoryContent(body.WrittenMemory);
        content.Headers.ContentType = JsonContentType;
        // HttpClient's DefaultRequestVersion does not apply to a request built here, so set the provider's own.
        var request = new HttpRequestMessage(HttpMethod.Post, _endpoint)
        {
            Content = content,
            Version = _provider.HttpVersion,
            VersionPolicy = _provider.HttpVersionPolicy,
        };
        // A constant the handler writes as it is: ParseAdd would parse it into a new header value on every request.
        request.Headers.TryAddWithoutValidation("Accept", stream ? "text/event-stream" : "application/json");
        return request;
    }

    private async Task EnsureSuccessAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        var status = (int)response.StatusCode;
        string? message = null;
        string? type = null;
        try
        {
            using var body = await PooledBody.ReadAsync(response.Content, UpstreamBodyLimits.MaxErrorBytes, cancellationToken).ConfigureAwait(false);
            (message, type) = OpenAIErrorReader.Read(body.Span);
        }
        catch (Exception exception) when (exception is HttpRequestException or InvalidDataException or IOException)
        {
            // Unreadable or too long: the status alone says what happened.
        }

        LogUpstreamStatus(_provider.Name, status, type);
        throw UpstreamFailures.FromStatus(_provider.Name, response, message, type, _timeProvider.GetUtcNow());
    }

    private UpstreamException? MapException(Exception exception, CancellationToken callerToken) =>
        UpstreamFailures.FromTransport(exception, _provider.Name, _provider.Timeout, "chat completion", callerToken);

    [LoggerMessage(EventId = 2000, Level = LogLevel.Warning, Message = "Provider {Provider} returned HTTP {Status} ({UpstreamType})")]
    private partial void LogUpstreamStatus(string provider, int status, string? upstreamType);
}
