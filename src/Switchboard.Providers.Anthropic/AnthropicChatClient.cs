using System.Buffers;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Switchboard.Abstractions.Catalog;
using Switchboard.Abstractions.Errors;
using Switchboard.Abstractions.Json;
using Switchboard.Abstractions.Providers;
using Switchboard.Abstractions.Streaming;
using Switchboard.Providers.Anthropic.Wire;

namespace Switchboard.Providers.Anthropic;

/// <summary>
/// An <see cref="IChatClient"/> for the Anthropic Messages API (<c>POST {BaseUrl}/messages</c>). Stream events are
/// read one at a time and each becomes an update as it arrives; tool-use argument fragments are forwarded, not
/// buffered.
/// </summary>
internal sealed class AnthropicChatClient : IChatClient
{
    private static readonly MediaTypeHeaderValue JsonContentType = new("application/json") { CharSet = "utf-8" };

    private readonly HttpClient _http;
    private readonly ProviderDefinition _provider;
    private readonly Uri _endpoint;

    private readonly TimeProvider _timeProvider;

    public AnthropicChatClient(HttpClient http, ProviderDefinition provider, TimeProvider? timeProvider = null)
    {
        _timeProvider = timeProvider ?? TimeProvider.System;
        _http = http;
        _provider = provider;
        var baseUrl = provider.BaseUrl.ToString().TrimEnd('/');
        _endpoint = new Uri(baseUrl + "/messages");
    }

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_provider.Timeout);
        try
        {
            using var request = CreateRequest(messages, options, stream: false);
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            await EnsureSuccessAsync(response, timeout.Token).ConfigureAwait(false);
            using var body = await PooledBody.ReadAsync(response.Content, UpstreamBodyLimits.MaxAnswerBytes, timeout.Token).ConfigureAwait(false);
            using var document = JsonDocument.Parse(JsonTokens.WithoutBom(body.Memory));
            return AnthropicResponseReader.Read(document.RootElement);
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
        var state = new AnthropicStreamState();
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

            while (!state.Completed)
            {
                ChatResponseUpdate? update;
                try
                {
                    if (!await reader.ReadAsync(timeout.Token).ConfigureAwait(false))
                    {
                        throw new UpstreamException(UpstreamErrorKind.ServerError, _provider.Name, $"Provider '{_provider.Name}' ended the stream before message_stop.");
                    }

                    // Read before the next event overwrites the data under it.
                    update = state.Read(reader.Data.Span);
                }
                catch (Exception exception) when (MapException(exception, cancellationToken) is { } mapped)
                {
                    throw mapped;
                }

                if (update is not null)
                {
                    yield return update;
                }
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

        return serviceType == typeof(ChatClientMetadata)
            ? new ChatClientMetadata(_provider.Name, _provider.BaseUrl)
            : serviceType.IsInstanceOfType(this) ? this : null;
    }

    public void Dispose() => _http.Dispose();

    private HttpRequestMessage CreateRequest(IEnumerable<ChatMessage> messages, ChatOptions? options, bool stream)
    {
        if (options?.ModelId is null)
        {
            throw new ArgumentException("ChatOptions.ModelId must name the upstream model.", nameof(options));
        }

        var body = new ArrayBufferWriter<byte>(RequestBodySize.Estimate(messages, options));
        AnthropicRequestWriter.Write(body, messages, options, stream, _provider.Name);
        var content = new ReadOnlyMemoryContent(body.WrittenMemory);
        content.Headers.ContentType = JsonContentType;
        // HttpClient's DefaultRequestVersion does not apply to a request built here, so set the provider's own.
        var request = new HttpRequestMessage(HttpMethod.Post, _endpoint)
        {
            Content = content,
            Version = _provider.HttpVersion,
            VersionPolicy = _provider.HttpVersionPolicy,
        };
        request.Headers.Accept.ParseAdd(stream ? "text/event-stream" : "application/json");
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
            using var document = JsonDocument.Parse(JsonTokens.WithoutBom(body.Memory));
            var error = document.RootElement.TryGetProperty("error", out var e) ? e : default;
            message = AnthropicResponseReader.Text(error, "message");
            type = AnthropicResponseReader.Text(error, "type");
        }
        catch (Exception exception) when (exception is JsonException or HttpRequestException or InvalidDataException or IOException)
        {
            // Unreadable or too long: the status alone says what happened.
        }

        throw UpstreamFailures.FromStatus(_provider.Name, response, message, type, _timeProvider.GetUtcNow());
    }

    private UpstreamException? MapException(Exception exception, CancellationToken callerToken) => exception switch
    {
        AnthropicStreamException stream => new UpstreamException(
            UpstreamErrorKind.ServerError, _provider.Name, $"Provider '{_provider.Name}' reported an error mid-stream ({stream.ErrorType}): {stream.Message}", upstreamType: stream.ErrorType, innerException: exception),
        _ => UpstreamFailures.FromTransport(exception, _provider.Name, _provider.Timeout, "Anthropic message", callerToken),
    };
}
