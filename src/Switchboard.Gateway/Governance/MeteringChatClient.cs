using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Switchboard.Abstractions.Catalog;
using Switchboard.Abstractions.Chat;
using Switchboard.Abstractions.Errors;
using Switchboard.Abstractions.Governance;
using Switchboard.Abstractions.Ids;
using Switchboard.Abstractions.Telemetry;
using Switchboard.Gateway.Telemetry;

namespace Switchboard.Gateway.Governance;

/// <summary>
/// The pipeline stage that keeps the cost ledger: for every model call, streaming or not, it records exactly one
/// <see cref="LedgerEntry"/> when the call ends (succeeded, failed, or cancelled — a stream the caller stopped reading
/// counts as cancelled), charged to the <see cref="ModelCallContext.Current"/> of the call.
/// </summary>
/// <remarks>
/// <para>The model that answered is resolved through the catalog to its canonical <c>provider:model</c> and its prices;
/// the cost is <see cref="ModelDefinition.ComputeCost(long, long, long, long)"/> of the reported input, prompt-cache and
/// output tokens. A model without a price is recorded as <see cref="LedgerEntry.Unpriced"/> with no cost (never as zero)
/// and counted on <c>switchboard.ledger.unpriced</c>. A cache hit (<see cref="ChatContentProperties.CacheStatus"/> is <c>hit</c>) costs 0
/// and records the cost it avoided as <see cref="LedgerEntry.SavedUsd"/>.</para>
/// <para>A failed or cancelled call costs nothing unless the provider reported usage before it ended: upstream errors
/// are not billed, and usage normally arrives only with a complete answer. Retries and fallbacks below this stage are
/// one call here; only the usage of the answer that came back is charged.</para>
/// <para>Place it outside the response cache, so that hits are recorded, and inside the telemetry stage.</para>
/// </remarks>
public sealed partial class MeteringChatClient : DelegatingChatClient
{
    private const string AbandonedClass = "Abandoned";

    private readonly ILedgerSink _sink;
    private readonly IModelCatalog _catalog;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;

    /// <summary>Initializes a new instance of the <see cref="MeteringChatClient"/> class.</summary>
    /// <param name="innerClient">The stage below.</param>
    /// <param name="sink">Receives one entry per call.</param>
    /// <param name="catalog">Resolves models to their canonical names and prices.</param>
    /// <param name="timeProvider">The clock for timestamps, latency and time to first token.</param>
    /// <param name="logger">Receives entries that could not be recorded.</param>
    public MeteringChatClient(IChatClient innerClient, ILedgerSink sink, IModelCatalog catalog, TimeProvider timeProvider, ILogger<MeteringChatClient> logger)
        : base(innerClient)
    {
        ArgumentNullException.ThrowIfNull(sink);
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        _sink = sink;
        _catalog = catalog;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <inheritdoc />
    public override async Task<ChatResponse> GetResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        var call = Begin(options, streaming: false);
        _sink.BeginCall();
        try
        {
            ChatResponse response;
            try
            {
                response = await base.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception)
            {
                await RecordFailureAsync(call, exception, ElapsedMs(call)).ConfigureAwait(false);
                throw;
            }

            call.Observe(response);
            await RecordAsync(call, ElapsedMs(call), ErrorTypes.Ok, null).ConfigureAwait(false);
            return response;
        }
        finally
        {
            _sink.EndCall();
        }
    }

    /// <inheritdoc />
    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var call = Begin(options, streaming: true);
        _sink.BeginCall();
        IAsyncEnumerator<ChatResponseUpdate>? enumerator = null;
        Exception? failure = null;
        var completed = false;
        try
        {
            while (true)
            {
                ChatResponseUpdate update;
                try
                {
                    enumerator ??= base.GetStreamingResponseAsync(messages, options, cancellationToken).GetAsyncEnumerator(cancellationToken);
                    if (!await enumerator.MoveNextAsync().ConfigureAwait(false))
                    {
                        break;
                    }

                    update = enumerator.Current;
                }
                catch (Exception exception)
                {
                    failure = exception;
                    throw;
                }

                call.Observe(update, ElapsedMs(call));
                yield return update;
            }

            completed = true;
        }
        finally
        {
            // Measured before the stages below clean up: the caller's view ends here.
            var latency = ElapsedMs(call);
            try
            {
                if (enumerator is not null)
                {
                    await enumerator.DisposeAsync().ConfigureAwait(false);
                }
            }
            finally
            {
                try
                {
                    if (completed)
                    {
                        await RecordAsync(call, latency, ErrorTypes.Ok, null).ConfigureAwait(false);
                    }
                    else if (failure is not null)
                    {
                        await RecordFailureAsync(call, failure, latency).ConfigureAwait(false);
                    }
                    else
                    {
                        // The caller stopped reading before the end.
                        await RecordAsync(call, latency, ErrorTypes.Cancelled, AbandonedClass).ConfigureAwait(false);
                    }
                }
                finally
                {
                    _sink.EndCall();
                }
            }
        }
    }

    private static string? Requested(ChatOptions? options) =>
        options?.AdditionalProperties?.GetValueOrDefault(ChatContentProperties.RouteOverride) as string ?? options?.ModelId;

    private static string ErrorClassOf(Exception exception) => exception switch
    {
        UpstreamException upstream => upstream.Kind.ToString(),
        ModelNotFoundException => "ModelNotFound",
        OperationCanceledException => "Cancelled",
        _ => exception.GetType().Name,
    };

    private MeteredCall Begin(ChatOptions? options, bool streaming) =>
        new(ModelCallContext.Current, Requested(options), streaming, _timeProvider.GetUtcNow(), _timeProvider.GetTimestamp());

    private double ElapsedMs(MeteredCall call) => _timeProvider.GetElapsedTime(call.Started).TotalMilliseconds;

    private ValueTask RecordFailureAsync(MeteredCall call, Exception exception, double latencyMs)
    {
        call.FailedAt((exception as UpstreamException)?.Provider);
        return RecordAsync(call, latencyMs, ErrorTypes.Of(exception), ErrorClassOf(exception));
    }

    private async ValueTask RecordAsync(MeteredCall call, double latencyMs, string status, string? errorClass)
    {
        var entry = call.ToEntry(SortableId.New("led", _timeProvider), _catalog, PriceTable.VersionOf(_catalog), latencyMs, status, errorClass);
        // Counted for a model without a price only: a call whose usage never came is unpriced too, but a price would not
        // help it, and the alert on this counter asks for one.
        if (entry.Unpriced && (entry.InputPricePerMillion is null || entry.OutputPricePerMillion is null) && GatewayInstruments.LedgerUnpriced.Enabled)
        {
            GatewayInstruments.LedgerUnpriced.Add(
                1,
                new KeyValuePair<string, object?>("provider", entry.Provider ?? "unknown"),
                new KeyValuePair<string, object?>("model", entry.Model ?? "unknown"));
        }

        try
        {
            // Not the call's token: a call that was cancelled is still recorded.
            await _sink.RecordAsync(entry, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            // The caller's answer is not failed for the ledger's sake; the loss is logged as an error instead.
            LogNotRecorded(exception, entry.Id, entry.TenantId, entry.Model, entry.CostUsd);
        }
    }

    [LoggerMessage(EventId = 1510, Level = LogLevel.Error,
        Message = "Ledger entry {EntryId} (tenant {TenantId}, model {Model}, cost {CostUsd} USD) could not be recorded")]
    private partial void LogNotRecorded(Exception exception, string entryId, string tenantId, string? model, decimal? costUsd);
}
