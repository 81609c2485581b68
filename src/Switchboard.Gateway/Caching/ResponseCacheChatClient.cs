using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Switchboard.Abstractions.Chat;
using Switchboard.Abstractions.Governance;
using Switchboard.Gateway.Routing;
using Switchboard.Gateway.Telemetry;

namespace Switchboard.Gateway.Caching;

/// <summary>
/// Answers repeated deterministic requests from an <see cref="IResponseCache"/> instead of calling a model. A request
/// is cacheable when its temperature is 0, when the caller forces it (<see cref="ResponseCacheControl.Force"/>), or
/// when <see cref="ResponseCacheOptions.CacheNonDeterministic"/> is on; its key (<see cref="ResponseCacheKey"/>)
/// covers everything that can change the answer, the tenant of <see cref="ModelCallContext.Current"/> included, so
/// tenants never share answers. Only complete answers are stored (finish reason stop, length or tool calls, no
/// exception, a stream read to its end). The response, or a stream's first update, says what happened in
/// <see cref="ChatContentProperties.CacheStatus"/>; a hit keeps the original usage, response id, provider and route.
/// Streaming and non-streaming calls share the entries: a stored answer is replayed as a stream of updates, and a
/// streamed answer is stored whole.
/// </summary>
/// <remarks>
/// Sits inside telemetry and outside routing policies and budgets (see docs/design/response-cache.md): a hit makes no
/// routing decision and consumes no budget. Concurrent identical misses each call the model; the last to finish wins.
/// </remarks>
public sealed class ResponseCacheChatClient : DelegatingChatClient
{
    private readonly IResponseCache _cache;
    private readonly ResponseCacheOptions _options;

    /// <summary>Initializes a new instance of the <see cref="ResponseCacheChatClient"/> class.</summary>
    /// <param name="innerClient">The stage below (routing policies).</param>
    /// <param name="cache">Where answers are kept.</param>
    /// <param name="options">Whether the cache is on, the time to live, the largest answer stored, what is cacheable.</param>
    public ResponseCacheChatClient(IChatClient innerClient, IResponseCache cache, ResponseCacheOptions options)
        : base(innerClient)
    {
        ArgumentNullException.ThrowIfNull(cache);
        ArgumentNullException.ThrowIfNull(options);
        _cache = cache;
        _options = options;
    }

    /// <inheritdoc />
    public override async Task<ChatResponse> GetResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        if (!_options.Enabled)
        {
            return await base.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        }

        var list = messages as IReadOnlyList<ChatMessage> ?? [.. messages];
        var plan = Plan(list, options);
        if (plan.Read && await _cache.GetAsync(plan.Key!, cancellationToken).ConfigureAwait(false) is { } cached)
        {
            Record(ResponseCacheStatus.Hit, options);
            var hit = cached.ToChatResponse();
            (hit.AdditionalProperties ??= [])[ChatContentProperties.CacheStatus] = ResponseCacheStatus.Hit;
            return hit;
        }

        var status = plan.Read ? ResponseCacheStatus.Miss : ResponseCacheStatus.Bypass;
        Record(status, options);
        await ForgetRefreshedAsync(plan, cancellationToken).ConfigureAwait(false);
        var response = await base.GetResponseAsync(list, plan.Options, cancellationToken).ConfigureAwait(false);
        if (plan.Key is not null && IsStorable(response.FinishReason, response.AdditionalProperties, options))
        {
            await StoreAsync(plan.Key, response, cancellationToken).ConfigureAwait(false);
        }

        (response.AdditionalProperties ??= [])[ChatContentProperties.CacheStatus] = status;
        return response;
    }

    /// <inheritdoc />
    public override IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        CancellationToken cancellationToken = default) =>
        _options.Enabled
            ? StreamAsync(messages as IReadOnlyList<ChatMessage> ?? [.. messages], options, cancellationToken)
            : base.GetStreamingResponseAsync(messages, options, cancellationToken);

    private async IAsyncEnumerable<ChatResponseUpdate> StreamAsync(
        IReadOnlyList<ChatMessage> messages,
        ChatOptions? options,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var plan = Plan(messages, options);
        if (plan.Read && await _cache.GetAsync(plan.Key!, cancellationToken).ConfigureAwait(false) is { } cached)
        {
            Record(ResponseCacheStatus.Hit, options);
            var first = true;
            foreach (var update in cached.ToUpdates())
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (first)
                {
                    (update.AdditionalProperties ??= [])[ChatContentProperties.CacheStatus] = ResponseCacheStatus.Hit;
                    first = false;
                }

                yield return update;
            }

            yield break;
        }

        var status = plan.Read ? ResponseCacheStatus.Miss : ResponseCacheStatus.Bypass;
        Record(status, options);
        await ForgetRefreshedAsync(plan, cancellationToken).ConfigureAwait(false);
        var collector = plan.Key is null ? null : new StreamedAnswer(_options.MaxEntryBytes);
        var isFirst = true;
        var fellBack = false;
        await foreach (var update in base.GetStreamingResponseAsync(messages, plan.Options, cancellationToken)
            .WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            if (isFirst)
            {
                (update.AdditionalProperties ??= [])[ChatContentProperties.CacheStatus] = status;
                isFirst = false;
            }

            collector?.Add(update);
            fellBack |= update.AdditionalProperties?.ContainsKey(FailoverChatClient.FallbackReason) == true;

            // Passed on at once: the cache never delays a chunk.
            yield return update;
        }

        // Reached only when the stream ended normally: not after an exception, nor when the caller stopped reading.
        if (!fellBack && collector?.ToResponse() is { } response && IsStorable(response.FinishReason, null, options))
        {
            await StoreAsync(plan.Key!, response, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Decides whether to read and store, computes the key, and takes the cache control out of the options.</summary>
    private CachePlan Plan(IReadOnlyList<ChatMessage> messages, ChatOptions? options)
    {
        var control = options?.AdditionalProperties?.GetValueOrDefault(ChatContentProperties.CacheControl) as string;
        var forwarded = options;
        if (options?.AdditionalProperties?.ContainsKey(ChatContentProperties.CacheControl) == true)
        {
            // Clone copies the dictionary: the caller's options keep the directive, the stages below never see it.
            forwarded = options.Clone();
            forwarded.AdditionalProperties!.Remove(ChatContentProperties.CacheControl);
        }

        var deterministic = options?.Temperature == 0f
            || Is(control, ResponseCacheControl.Force)
            || _options.CacheNonDeterministic;
        if (!deterministic || Is(control, ResponseCacheControl.NoStore))
        {
            return new CachePlan(null, false, forwarded);
        }

        var partition = ModelCallContext.Current?.TenantId ?? ModelCallContext.DefaultTenant;
        return ResponseCacheKey.TryCreate(messages, options, partition, out var key)
            ? new CachePlan(key, !Is(control, ResponseCacheControl.NoCache), forwarded)
            : new CachePlan(null, false, forwarded);
    }

    /// <summary>
    /// <c>no-cache</c> asks for a fresh answer in place of the stored one: the stored one goes now, so that it is not
    /// served again when the fresh answer cannot be stored (incomplete, too large, or the call fails).
    /// </summary>
    private ValueTask ForgetRefreshedAsync(CachePlan plan, CancellationToken cancellationToken) =>
        plan.Key is not null && !plan.Read ? _cache.RemoveAsync(plan.Key, cancellationToken) : ValueTask.CompletedTask;

    private async ValueTask StoreAsync(string key, ChatResponse response, CancellationToken cancellationToken)
    {
        if (!IsComplete(response) || CachedResponse.TryCreate(response) is not { } cached || cached.ApproximateBytes > _options.MaxEntryBytes)
        {
            return;
        }

        await _cache.SetAsync(key, cached, _options.Ttl, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Whether an answer may be stored under the caller's key. Not one that a route's fallback gave (a degraded answer,
    /// a canned builtin reply, would outlive the outage for the whole TTL), and not one cut at a length the caller did
    /// not ask for: a stage below the cache (a budget's default output cap for this caller alone) or the upstream's own
    /// limit cut it, and another caller of the same key would get the cut answer.
    /// </summary>
    private static bool IsStorable(ChatFinishReason? finishReason, AdditionalPropertiesDictionary? properties, ChatOptions? options) =>
        properties?.ContainsKey(FailoverChatClient.FallbackReason) != true
        && !(finishReason == ChatFinishReason.Length && options?.MaxOutputTokens is null);

    /// <summary>Whether the answer is whole and stands on its own: a final finish reason and no server-side state.</summary>
    private static bool IsComplete(ChatResponse response) =>
        response.Messages.Count > 0
        && response.ConversationId is null
        && response.ContinuationToken is null
        && (response.FinishReason == ChatFinishReason.Stop
            || response.FinishReason == ChatFinishReason.Length
            || response.FinishReason == ChatFinishReason.ToolCalls);

    private static bool Is(string? control, string directive) =>
        control is not null && control.Trim().Equals(directive, StringComparison.OrdinalIgnoreCase);

    private static void Record(string status, ChatOptions? options)
    {
        if (GatewayInstruments.CacheRequests.Enabled)
        {
            var model = options?.AdditionalProperties?.GetValueOrDefault(ChatContentProperties.RouteOverride) as string
                ?? options?.ModelId
                ?? "unknown";
            GatewayInstruments.CacheRequests.Add(1, new KeyValuePair<string, object?>("result", status), new KeyValuePair<string, object?>("model", model));
        }
    }

    /// <summary>What to do with one request: the key (null: neither read nor store), whether to read, the options to send on.</summary>
    private readonly record struct CachePlan(string? Key, bool Read, ChatOptions? Options);
}
