using System.Diagnostics;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Switchboard.Abstractions.Catalog;
using Switchboard.Abstractions.Chat;
using Switchboard.Abstractions.Errors;
using Switchboard.Abstractions.Telemetry;

namespace Switchboard.Gateway.Telemetry;

/// <summary>
/// The outermost pipeline stage: for each model call it logs one structured line, records the model-call metrics
/// (requests, duration, time to first token, tokens, cost) and traces a <c>chat {model}</c> span with the GenAI
/// attributes. It measures what the caller experiences, retries and fallbacks included. Message contents are never
/// logged, measured or traced. A stream is recorded once, when it ends; its first update also records the time to
/// first token.
/// </summary>
public sealed partial class ModelCallTelemetryChatClient : DelegatingChatClient
{
    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;
    private readonly IModelCatalog? _catalog;

    /// <summary>Initializes a new instance of the <see cref="ModelCallTelemetryChatClient"/> class.</summary>
    /// <param name="innerClient">The stage below.</param>
    /// <param name="logger">Receives one line per call.</param>
    /// <param name="timeProvider">The clock for durations.</param>
    /// <param name="catalog">Prices of the models, for the cost metric; null records no cost.</param>
    public ModelCallTelemetryChatClient(IChatClient innerClient, ILogger<ModelCallTelemetryChatClient> logger, TimeProvider timeProvider, IModelCatalog? catalog = null)
        : base(innerClient)
    {
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _logger = logger;
        _timeProvider = timeProvider;
        _catalog = catalog;
    }

    /// <inheritdoc />
    public override async Task<ChatResponse> GetResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        var started = _timeProvider.GetTimestamp();
        using var activity = StartActivity(options);
        try
        {
            var response = await base.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
            var properties = response.AdditionalProperties;
            var call = new CompletedCall(
                response.ModelId ?? options?.ModelId,
                properties?.GetValueOrDefault(ChatContentProperties.Provider) as string,
                properties?.GetValueOrDefault(ChatContentProperties.Route) as string,
                response.Usage,
                response.FinishReason?.Value,
                response.ResponseId,
                IsCacheHit(properties));
            Completed(options, call, false, started, activity);
            return response;
        }
        catch (Exception exception)
        {
            Failed(options, false, started, exception, activity);
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
        using var activity = StartActivity(options);
        string? model = options?.ModelId;
        string? finishReason = null;
        string? provider = null;
        string? route = null;
        string? responseId = null;
        var cacheHit = false;
        UsageDetails? usage = null;
        var first = true;
        var recorded = false;
        await using var enumerator = base.GetStreamingResponseAsync(messages, options, cancellationToken)
            .GetAsyncEnumerator(cancellationToken);
        try
        {
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
                catch (Exception exception)
                {
                    recorded = true;
                    Failed(options, true, started, exception, activity, provider);
                    throw;
                }

                model = update.ModelId ?? model;
                finishReason = update.FinishReason?.Value ?? finishReason;
                if (first)
                {
                    // The router and the routing-policy stage stamp the first update only.
                    first = false;
                    provider = update.AdditionalProperties?.GetValueOrDefault(ChatContentProperties.Provider) as string;
                    route = update.AdditionalProperties?.GetValueOrDefault(ChatContentProperties.Route) as string;
                    responseId = update.ResponseId;
                    cacheHit = IsCacheHit(update.AdditionalProperties);
                    if (!cacheHit)
                    {
                        RecordFirstChunk(options, model, provider, started);
                    }
                }

                // Indexed: a foreach over the IList would allocate an enumerator for every chunk.
                var contents = update.Contents;
                for (var i = 0; i < contents.Count; i++)
                {
                    if (contents[i] is UsageContent usageContent)
                    {
                        usage = usageContent.Details;
                    }
                }

                yield return update;
            }

            recorded = true;
            Completed(options, new CompletedCall(model, provider, route, usage, finishReason, responseId, cacheHit), true, started, activity);
        }
        finally
        {
            if (!recorded)
            {
                // The consumer stopped reading before the end: the call did not complete.
                RecordFailure(options, ErrorTypes.Cancelled, _timeProvider.GetElapsedTime(started).TotalSeconds, activity, provider);
            }
        }
    }

    private static bool IsCacheHit(AdditionalPropertiesDictionary? properties) =>
        properties?.GetValueOrDefault(ChatContentProperties.CacheStatus) is ResponseCacheStatus.Hit;

    private static string? Requested(ChatOptions? options) =>
        options?.AdditionalProperties?.GetValueOrDefault(ChatContentProperties.RouteOverride) as string ?? options?.ModelId;

    private static Activity? StartActivity(ChatOptions? options)
    {
        var source = SwitchboardTelemetry.ActivitySource;
        if (!source.HasListeners())
        {
            return null;
        }

        var requested = Requested(options);
        var activity = source.StartActivity(requested is null ? GenAiConventions.ChatOperation : $"{GenAiConventions.ChatOperation} {requested}", ActivityKind.Client);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag(GenAiConventions.OperationName, GenAiConventions.ChatOperation);
            activity.SetTag(GenAiConventions.RequestModel, requested);
            if (options?.MaxOutputTokens is { } maxTokens)
            {
                activity.SetTag(GenAiConventions.RequestMaxTokens, maxTokens);
            }

            if (options?.Temperature is { } temperature)
            {
                activity.SetTag(GenAiConventions.RequestTemperature, temperature);
            }
        }

        return activity;
    }

    private void RecordFirstChunk(ChatOptions? options, string? model, string? provider, long started)
    {
        if (GatewayInstruments.TimeToFirstChunk.Enabled)
        {
            var tags = GenAiTags(Requested(options), model, provider);
            GatewayInstruments.TimeToFirstChunk.Record(_timeProvider.GetElapsedTime(started).TotalSeconds, in tags);
        }
    }

    private void Completed(ChatOptions? options, in CompletedCall call, bool streaming, long started, Activity? activity)
    {
        var seconds = _timeProvider.GetElapsedTime(started).TotalSeconds;
        var requested = Requested(options);
        var provider = call.Provider ?? "unknown";
        var model = call.Model ?? requested ?? "unknown";
        // A cache hit carries the original call's usage, which was not spent again: it is not counted as tokens or cost.
        var input = call.CacheHit ? null : call.Usage?.InputTokenCount;
        var output = call.CacheHit ? null : call.Usage?.OutputTokenCount;

        // A cache hit is counted apart, and its near-zero time is not a provider's latency: both would hide a
        // provider's failures and slowness behind the cache.
        var requestTags = new TagList { { "provider", provider }, { "model", model }, { "route", call.Route ?? requested ?? model }, { "status", call.CacheHit ? ErrorTypes.CacheHit : ErrorTypes.Ok } };
        GatewayInstruments.Requests.Add(1, in requestTags);
        var genAi = GenAiTags(requested, model, provider);
        if (!call.CacheHit)
        {
            GatewayInstruments.Duration.Record(seconds, in genAi);
        }

        RecordTokens(genAi, provider, model, GenAiConventions.InputTokenType, input);
        RecordTokens(genAi, provider, model, GenAiConventions.OutputTokenType, output);
        if (input is { } inputTokens && output is { } outputTokens && GatewayInstruments.Cost.Enabled
            && _catalog is not null && _catalog.TryResolve(model, out var resolved, out _)
            && resolved.Model.ComputeCost(inputTokens, outputTokens, UsageCounts.CacheReads(call.Usage), UsageCounts.CacheWrites(call.Usage)) is { } cost)
        {
            GatewayInstruments.Cost.Add((double)cost, new KeyValuePair<string, object?>("provider", provider), new KeyValuePair<string, object?>("model", model));
        }

        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag(GenAiConventions.ProviderName, provider);
            activity.SetTag(GenAiConventions.ResponseModel, model);
            activity.SetTag(GenAiConventions.ResponseId, call.ResponseId);
            activity.SetTag(GenAiConventions.UsageInputTokens, input);
            activity.SetTag(GenAiConventions.UsageOutputTokens, output);
            if (call.FinishReason is { } finish)
            {
                activity.SetTag(GenAiConventions.ResponseFinishReasons, new[] { finish });
            }

            if (call.Route is { } route)
            {
                activity.SetTag("switchboard.route", route);
            }
        }

        if (_logger.IsEnabled(LogLevel.Information))
        {
            LogCompleted(model, call.Provider, streaming, seconds * 1000, input, output, call.FinishReason);
        }
    }

    private static void RecordTokens(TagList genAi, string provider, string model, string type, long? count)
    {
        if (count is not { } tokens)
        {
            return;
        }

        genAi.Add(GenAiConventions.TokenType, type);
        GatewayInstruments.TokenUsage.Record(tokens, in genAi);
        var tags = new TagList { { "provider", provider }, { "model", model }, { "type", type } };
        GatewayInstruments.Tokens.Add(tokens, in tags);
    }

    private static TagList GenAiTags(string? requested, string? model, string? provider)
    {
        var tags = new TagList
        {
            { GenAiConventions.OperationName, GenAiConventions.ChatOperation },
            { GenAiConventions.ProviderName, provider ?? "unknown" },
            { GenAiConventions.RequestModel, requested ?? "unknown" },
        };
        if (model is not null)
        {
            tags.Add(GenAiConventions.ResponseModel, model);
        }

        return tags;
    }

    /// <summary>Records and logs a failed call; <paramref name="provider"/> is the one a stream named before it failed.</summary>
    private void Failed(ChatOptions? options, bool streaming, long started, Exception exception, Activity? activity, string? provider = null)
    {
        var seconds = _timeProvider.GetElapsedTime(started).TotalSeconds;
        RecordFailure(options, ErrorTypes.Of(exception), seconds, activity, provider ?? (exception as UpstreamException)?.Provider);
        var model = Requested(options);
        if (exception is OperationCanceledException)
        {
            LogCancelled(model, streaming, seconds * 1000);
        }
        else if (_logger.IsEnabled(LogLevel.Warning))
        {
            var kind = exception switch
            {
                UpstreamException upstream => upstream.Kind.ToString(),
                ModelNotFoundException => "ModelNotFound",
                _ => exception.GetType().Name,
            };
            LogFailure(model, streaming, seconds * 1000, kind, (exception as UpstreamException)?.StatusCode);
        }
    }

    private static void RecordFailure(ChatOptions? options, string errorType, double seconds, Activity? activity, string? provider = null)
    {
        // A name the catalog does not know could be anything: it is not a label value.
        var requested = errorType == ErrorTypes.ModelNotFound ? "unknown" : Requested(options) ?? "unknown";
        provider ??= "unknown";
        var requestTags = new TagList { { "provider", provider }, { "model", requested }, { "route", requested }, { "status", errorType } };
        GatewayInstruments.Requests.Add(1, in requestTags);
        var genAi = GenAiTags(requested, null, provider);
        genAi.Add(GenAiConventions.ErrorType, errorType);
        GatewayInstruments.Duration.Record(seconds, in genAi);
        if (activity is not null)
        {
            activity.SetStatus(ActivityStatusCode.Error, errorType);
            if (activity.IsAllDataRequested)
            {
                activity.SetTag(GenAiConventions.ErrorType, errorType);
                activity.SetTag(GenAiConventions.ProviderName, provider);
            }
        }
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

    /// <summary>What a completed call reported.</summary>
    private readonly record struct CompletedCall(string? Model, string? Provider, string? Route, UsageDetails? Usage, string? FinishReason, string? ResponseId, bool CacheHit);
}
