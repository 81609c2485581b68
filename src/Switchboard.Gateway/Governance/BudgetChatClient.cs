using System.Collections.Frozen;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Switchboard.Abstractions.Catalog;
using Switchboard.Abstractions.Chat;
using Switchboard.Abstractions.Errors;
using Switchboard.Abstractions.Governance;
using Switchboard.Gateway.Telemetry;

namespace Switchboard.Gateway.Governance;

/// <summary>
/// Enforces USD budgets before each model call. The stage reserves the call's worst-case cost (an upper bound of the
/// prompt's tokens at the highest input price the call may reach, plus <c>max_tokens</c> at the highest output
/// price) on every budget that applies, atomically and all-or-nothing, and refuses the call with a
/// <see cref="BudgetExceededException"/> when any budget cannot hold it. After the call it settles: the actual cost,
/// from the reported usage and the prices of the model that answered, replaces the reservation. See
/// docs/design/budgets.md.
/// </summary>
/// <remarks>
/// It sits after the routing policies (it sees the route or model they chose) and before failover (a call is reserved
/// and settled once, however many attempts and fallbacks it takes). Calls no budget applies to pass straight through.
/// </remarks>
public sealed partial class BudgetChatClient : DelegatingChatClient
{
    private static readonly BudgetLimit[] s_none = [];

    private readonly bool _enabled;
    private readonly int _defaultMaxOutputTokens;
    private readonly decimal? _maxCostPerRequest;
    private readonly FrozenDictionary<string, BudgetLimit[]> _tenants;
    private readonly FrozenDictionary<string, BudgetLimit[]> _teams;
    private readonly FrozenDictionary<string, BudgetLimit[]> _users;
    private readonly BudgetLimit[] _conversation;
    private readonly BudgetLimit[] _agentRun;
    private readonly ICounterStore _counters;
    private readonly IModelCatalog _catalog;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly AppliedBudgetCache _appliedBudgets = new();

    // The embedded store is called synchronously with buffers on the stack; any other store through the interface.
    private readonly InProcessCounterStore? _local;

    /// <summary>Initializes a new instance of the <see cref="BudgetChatClient"/> class.</summary>
    /// <param name="innerClient">The stage below (failover).</param>
    /// <param name="options">The configured budgets; read once, here.</param>
    /// <param name="counters">The counters budgets are kept in; shared by every node that enforces the same budgets.</param>
    /// <param name="catalog">Prices the models a call may reach.</param>
    /// <param name="timeProvider">The clock that places a call in its day or month.</param>
    /// <param name="logger">Logs refusals, overruns and settlement failures (never message text).</param>
    /// <param name="spend">
    /// What the budgets had spent before this process started (the ledger); each counter starts from it on its first
    /// call in this process. Null to start every counter from zero.
    /// </param>
    /// <exception cref="ArgumentException"><paramref name="options"/> are invalid.</exception>
    public BudgetChatClient(
        IChatClient innerClient,
        BudgetOptions options,
        ICounterStore counters,
        IModelCatalog catalog,
        TimeProvider timeProvider,
        ILogger<BudgetChatClient> logger,
        IBudgetSpendSource? spend = null)
        : base(innerClient)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(counters);
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        var problems = options.Validate().ToList();
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", problems), nameof(options));
        }

        _enabled = options.Enabled;
        _defaultMaxOutputTokens = options.DefaultMaxOutputTokens;
        _maxCostPerRequest = options.MaxCostPerRequestUsd;
        _tenants = Snapshot(options.Tenants, BudgetScope.Tenant);
        _teams = Snapshot(options.Teams, BudgetScope.Team);
        _users = Snapshot(options.Users, BudgetScope.User);
        _conversation = Snapshot(options.Conversation, BudgetScope.Conversation);
        _agentRun = Snapshot(options.AgentRun, BudgetScope.AgentRun);
        _counters = counters;
        _catalog = catalog;
        _timeProvider = timeProvider;
        _logger = logger;
        _local = counters as InProcessCounterStore;
        _spend = spend;
    }

    /// <inheritdoc />
    public override Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var context = ModelCallContext.Current;
        return Governs(context)
            ? GetBudgetedResponseAsync(messages, options, context, cancellationToken)
            : base.GetResponseAsync(messages, options, cancellationToken);
    }

    /// <inheritdoc />
    public override IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var context = ModelCallContext.Current;
        return Governs(context)
            ? GetBudgetedStreamingResponseAsync(messages, options, context, cancellationToken)
            : base.GetStreamingResponseAsync(messages, options, cancellationToken);
    }

    private async Task<ChatResponse> GetBudgetedResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options, ModelCallContext? context, CancellationToken cancellationToken)
    {
        var list = messages as IReadOnlyList<ChatMessage> ?? [.. messages];
        if (await ReserveAsync(list, options, context, cancellationToken).ConfigureAwait(false) is not { } reservation)
        {
            return await base.GetResponseAsync(list, options, cancellationToken).ConfigureAwait(false);
        }

        ChatResponse response;
        try
        {
            response = await base.GetResponseAsync(list, reservation.Options, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            // Nothing was answered. Refused before the provider billed anything, the reservation goes back whole; cut
            // short after it had the request (the caller left, a timeout), the prompt's part stays, or repeated calls
            // that are dropped halfway would spend without limit.
            await ReleaseAsync(reservation, exception).ConfigureAwait(false);
            throw;
        }

        await SettleAsync(reservation, response.ModelId, response.Usage).ConfigureAwait(false);
        if (reservation.Budgets.Length > 0)
        {
            (response.AdditionalProperties ??= [])[ChatContentProperties.BudgetReservation] = reservation.ReservedUsd;
        }

        return response;
    }

    private async IAsyncEnumerable<ChatResponseUpdate> GetBudgetedStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options,
        ModelCallContext? context,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var list = messages as IReadOnlyList<ChatMessage> ?? [.. messages];
        var reservation = await ReserveAsync(list, options, context, cancellationToken).ConfigureAwait(false);
        if (reservation is null)
        {
            await foreach (var update in base.GetStreamingResponseAsync(list, options, cancellationToken).ConfigureAwait(false))
            {
                yield return update;
            }

            yield break;
        }

        var received = false;
        var completed = false;
        string? model = null;
        UsageDetails? usage = null;
        var usageIsFinal = false;
        Exception? failure = null;
        try
        {
            await using var updates = base.GetStreamingResponseAsync(list, reservation.Options, cancellationToken).GetAsyncEnumerator(cancellationToken);
            while (true)
            {
                try
                {
                    if (!await updates.MoveNextAsync().ConfigureAwait(false))
                    {
                        break;
                    }
                }
                catch (Exception exception)
                {
                    failure = exception;
                    throw;
                }

                var update = updates.Current;
                model = update.ModelId ?? model;

                // Indexed: a foreach over the IList would allocate an enumerator for every chunk.
                var contents = update.Contents;
                for (var i = 0; i < contents.Count; i++)
                {
                    if (contents[i] is UsageContent usageContent)
                    {
                        usage = usageContent.Details;
                        usageIsFinal = update.AdditionalProperties?.ContainsKey(ChatContentProperties.RunningUsage) != true;
                    }
                }

                if (!received)
                {
                    received = true;
                    if (reservation.Budgets.Length > 0)
                    {
                        (update.AdditionalProperties ??= [])[ChatContentProperties.BudgetReservation] = reservation.ReservedUsd;
                    }
                }

                yield return update;
            }

            completed = true;
        }
        finally
        {
            // Settled once, however the enumeration ends: completed, failed, or disposed early by the consumer. A
            // running usage (Anthropic's first event) is not the total: a stream left after it keeps its reservation.
            if (completed || (usage is not null && usageIsFinal))
            {
                await SettleAsync(reservation, model, usage).ConfigureAwait(false);
            }
            else if (received)
            {
                // Output was produced and its cost is unknown: the reservation stands (never under-count).
                LogUsageMissing(reservation.Requested, reservation.ReservedUsd);
            }
            else
            {
                // Nothing came back: a failure says whether the provider may have billed the prompt; without one, the
                // consumer left before the first update, after the request was sent.
                await ReleaseAsync(reservation, failure ?? new OperationCanceledException()).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Gives back the reservation of a call that answered nothing: whole when the failure came before the provider could
    /// bill (refused, unreachable, rate-limited, a server error, an open circuit), less the prompt's part when it came
    /// after the provider had the request and may have billed it (the caller left, a timeout, an unreadable answer).
    /// </summary>
    private ValueTask ReleaseAsync(BudgetReservation reservation, Exception failure)
    {
        var mayHaveBilled = failure switch
        {
            OperationCanceledException => true,
            UpstreamException { Kind: UpstreamErrorKind.Timeout or UpstreamErrorKind.InvalidResponse } => true,
            _ => false,
        };
        return ChargeAsync(reservation, (mayHaveBilled ? reservation.PromptNano : 0) - reservation.ReservedNano);
    }

    /// <summary>
    /// Reserves the call's worst case on every budget that applies, or returns null when none does (and no per-request
    /// limit). Throws when the call does not fit.
    /// </summary>
    private async ValueTask<BudgetReservation?> ReserveAsync(IReadOnlyList<ChatMessage> messages, ChatOptions? options, ModelCallContext? context, CancellationToken cancellationToken)
    {
        var now = _timeProvider.GetUtcNow();
        var budgets = Collect(context, now);
        var maxCost = MaxCostPerRequest(context);
        if (budgets.Length == 0 && maxCost is null)
        {
            return null;
        }

        var requested = options?.AdditionalProperties?.GetValueOrDefault(ChatContentProperties.RouteOverride) as string ?? options?.ModelId
            ?? throw new ModelNotFoundException("A model name is required.");
        var (inputPrice, outputPrice) = WorstCasePrices(requested);
        var promptTokens = PromptTokenEstimator.EstimateUpperBound(messages, options);
        var maxOutputTokens = Math.Max(0, options!.MaxOutputTokens ?? _defaultMaxOutputTokens);
        var worstCase = ((promptTokens * inputPrice) + (maxOutputTokens * outputPrice)) / 1_000_000m;
        var reserved = NanoUsd.Ceiling(worstCase);
        if (maxCost is { } max && worstCase > max)
        {
            Reject("request", requested);
            LogRequestLimit(requested, worstCase, max);
            throw new RequestCostLimitException(max, NanoUsd.ToUsd(reserved));
        }

        var send = options;
        if (options.MaxOutputTokens is null)
        {
            // The worst case assumed this many output tokens; the upstream must not produce more.
            send = options.Clone();
            send.MaxOutputTokens = maxOutputTokens;
        }

        var reservation = new BudgetReservation(requested, budgets, reserved, promptTokens, maxOutputTokens, inputPrice, outputPrice, send);
        if (budgets.Length == 0)
        {
            return reservation;
        }

        if (!Seeded(budgets))
        {
            await SeedAsync(budgets, context?.TenantId ?? ModelCallContext.DefaultTenant, cancellationToken).ConfigureAwait(false);
        }

        var outcome = _local is not null && budgets.Length <= InProcessCounterStore.InlineCharges
            ? Reserve(_local, reservation)
            : await ReserveAsync(reservation, cancellationToken).ConfigureAwait(false);
        if (outcome.Admitted)
        {
            return reservation;
        }

        var refused = budgets[outcome.Index];
        var spent = outcome.SpentNano is { } spentNano ? NanoUsd.ToUsd(spentNano) : refused.LimitUsd;
        Reject(AppliedBudget.ScopeText(refused.Scope, '_'), requested);
        LogRefused(refused.Name, requested, reservation.ReservedUsd, spent, refused.LimitUsd);
        throw new BudgetExceededException(
            refused.Name,
            refused.Scope,
            refused.Period,
            refused.LimitUsd,
            spent,
            reservation.ReservedUsd,
            refused.WindowEnd,
            refused.WindowEnd is { } end ? end - now : null);
    }

    /// <summary>Reserves on every budget through the in-process store, with the charges and values on the stack.</summary>
    private static ReserveOutcome Reserve(InProcessCounterStore store, BudgetReservation reservation)
    {
        var charges = default(ChargeBuffer);
        Span<CounterCharge> span = charges;
        span = span[..reservation.Budgets.Length];
        reservation.Charges(reservation.ReservedNano, span);
        Span<long> values = stackalloc long[InProcessCounterStore.InlineCharges];
        return store.TryAdd(span, values, out var rejected)
            ? new ReserveOutcome(true, -1, null)
            : Refusal(reservation, rejected, values[..span.Length]);
    }

    /// <summary>Reserves on every budget through any <see cref="ICounterStore"/>.</summary>
    private async ValueTask<ReserveOutcome> ReserveAsync(BudgetReservation reservation, CancellationToken cancellationToken)
    {
        var result = await _counters.TryAddAsync(reservation.Charges(reservation.ReservedNano), cancellationToken).ConfigureAwait(false);
        return result.Admitted ? new ReserveOutcome(true, -1, null) : Refusal(reservation, result.RejectedIndex, result.Values);
    }

    /// <summary>The refused budget (the first when the store does not say) and what it had spent, if known.</summary>
    private static ReserveOutcome Refusal(BudgetReservation reservation, int rejectedIndex, ReadOnlySpan<long> values)
    {
        var index = rejectedIndex >= 0 && rejectedIndex < reservation.Budgets.Length ? rejectedIndex : 0;
        return new ReserveOutcome(false, index, index < values.Length ? values[index] : null);
    }

    private static void Reject(string scope, string model) =>
        GatewayInstruments.BudgetRejections.Add(1, new KeyValuePair<string, object?>("scope", scope), new KeyValuePair<string, object?>("model", model));

    /// <summary>Whether the reservation was admitted; if not, the refused budget's index and its spend, if known.</summary>
    private readonly record struct ReserveOutcome(bool Admitted, int Index, long? SpentNano);

    /// <summary>Room for the charges of <see cref="InProcessCounterStore.InlineCharges"/> budgets without an array.</summary>
    [InlineArray(InProcessCounterStore.InlineCharges)]
    private struct ChargeBuffer
    {
        private CounterCharge _element;
    }
}
