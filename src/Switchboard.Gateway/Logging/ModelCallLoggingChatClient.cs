using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Switchboard.Abstractions.Chat;
using Switchboard.Abstractions.Errors;

namespace Switchboard.Gateway.Logging;

/// <summary>
/// Logs one structured line per model call: model, provider, duration, token counts and finish reason, or the failure
/// kind. Message contents are never logged.
/// </summary>
public sealed partial class ModelCallLoggingChatClient : DelegatingChatClient
{
    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;

    /// <summary>Initializes a new instance of the <see cref="ModelCallLoggingChatClient"/> class.</summary>
    public ModelCallLoggingChatClient(IChatClient innerClient, ILogger<ModelCallLoggingChatClient> logger, TimeProvider timeProvider)
        : base(innerClient)
    {
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _logger = logger;
        _timeProvider = timeProvider;
    }

    /// <inheritdoc />
    public override async Task<ChatResponse> GetResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        var started = _timeProvider.GetTimestamp();
        try
        {
            var response = await base.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
            if (_logger.IsEnabled(LogLevel.Information))
            {
                var elapsed = _timeProvider.GetElapsedTime(started).TotalMilliseconds;
                var provider = response.AdditionalProperties?.GetValueOrDefault(ChatContentProperties.Provider) as string;
                var usage = response.Usage;
                LogCompleted(response.ModelId ?? options?.ModelId, provider, false, elapsed, usage?.InputTokenCount, usage?.OutputTokenCount, response.FinishReason?.Value);
            }

            return response;
        }
        catch (Exception exception) when (LogFailed(options?.ModelId, false, started, exception))
        {
            throw;
        }
    }

    /// <inheritdoc />
    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var started = _timeProvider.GetTimestamp();
        string? model = options?.ModelId;
        string? finishReason = null;
        string? provider = null;
        UsageDetails? usage = null;
        await using var enumerator = base.GetStreamingResponseAsync(messages, options, cancellationToken)
            .GetAsyncEnumerator(cancellationToken);
        while (true)
        {
            ChatResponseUpdate update;
            try
            {
                if (!await enumerator.MoveNextAsync().ConfigureAwait(false))
                {
                    break;
                }

                update = enumerator.Current;
            }
            catch (Exception exception) when (LogFailed(model, true, started, exception))
            {
                throw;
            }

            model = update.ModelId ?? model;
            provider ??= update.AdditionalProperties?.GetValueOrDefault(ChatContentProperties.Provider) as string;
            finishReason = update.FinishReason?.Value ?? finishReason;
            foreach (var content in update.Contents)
            {
                if (content is UsageContent usageContent)
                {
                    usage = usageContent.Details;
                }
            }

            yield return update;
        }

        if (_logger.IsEnabled(LogLevel.Information))
        {
            var elapsed = _timeProvider.GetElapsedTime(started).TotalMilliseconds;
            LogCompleted(model, provider, true, elapsed, usage?.InputTokenCount, usage?.OutputTokenCount, finishReason);
        }
    }

    private bool LogFailed(string? model, bool streaming, long started, Exception exception)
    {
        var elapsed = _timeProvider.GetElapsedTime(started).TotalMilliseconds;
        if (exception is OperationCanceledException)
        {
            LogCancelled(model, streaming, elapsed);
        }
        else
        {
            var kind = exception switch
            {
                UpstreamException upstream => upstream.Kind.ToString(),
                ModelNotFoundException => "ModelNotFound",
                _ => exception.GetType().Name,
            };
            if (_logger.IsEnabled(LogLevel.Warning))
            {
                var status = (exception as UpstreamException)?.StatusCode;
                LogFailure(model, streaming, elapsed, kind, status);
            }
        }

        return false;
    }

    [LoggerMessage(EventId = 1000, Level = LogLevel.Information,
        Message = "Model call to {Model} ({Provider}) completed: streaming={Streaming} in {DurationMs:F1} ms, input_tokens={InputTokens}, output_tokens={OutputTokens}, finish={FinishReason}")]
    private partial void LogCompleted(string? model, string? provider, bool streaming, double durationMs, long? inputTokens, long? outputTokens, string? finishReason);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Warning,
        Message = "Model call to {Model} failed: streaming={Streaming} after {DurationMs:F1} ms, kind={FailureKind}, upstream_status={UpstreamStatus}")]
    private partial void LogFailure(string? model, bool streaming, double durationMs, string failureKind, int? upstreamStatus);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Information,
        Message = "Model call to {Model} cancelled: streaming={Streaming} after {DurationMs:F1} ms")]
    private partial void LogCancelled(string? model, bool streaming, double durationMs);
}
