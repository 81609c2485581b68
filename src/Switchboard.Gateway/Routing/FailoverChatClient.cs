using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Switchboard.Abstractions.Catalog;
using Switchboard.Abstractions.Chat;
using Switchboard.Abstractions.Errors;
using Switchboard.Abstractions.Telemetry;
using Switchboard.Gateway.Telemetry;

namespace Switchboard.Gateway.Routing;

/// <summary>
/// Makes model calls resilient. The requested name is a route (a fallback chain of targets) or a model (a chain of
/// one). Each target is retried with exponential backoff and jitter on 429, 5xx, connection failures and timeouts
/// (Polly), honouring a <c>Retry-After</c> up to the route's limit; when a target gives up, the next one is tried.
/// A stream fails over only before its first update: after it, a failure reaches the caller as an error, and counts
/// towards the target's circuit like a failed call. A target of a route that has its own per-model rate limit is
/// admitted under it before it is tried; a target whose limit is used up is passed over like a failing one.
/// Responses (or a stream's first update) record <see cref="Attempts"/> and, after a fallback, <see cref="FallbackReason"/>.
/// </summary>
public sealed class FailoverChatClient : DelegatingChatClient
{
    /// <summary>The key of the attempt count in <c>AdditionalProperties</c>.</summary>
    public const string Attempts = "switchboard.attempts";

    /// <summary>The key of the reason the first target was left, in <c>AdditionalProperties</c>.</summary>
    public const string FallbackReason = "switchboard.fallback_reason";

    private readonly IModelCatalog _catalog;
    private readonly TimeProvider _timeProvider;
    private readonly CircuitBreakerRegistry? _circuits;
    private readonly RateLimits.RateLimiter? _limiter;
    private readonly ConcurrentDictionary<string, StrongBox<int>> _inFlight = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<(string Route, string Target), ResiliencePipeline> _pipelines = new();

    /// <summary>Initializes a new instance of the <see cref="FailoverChatClient"/> class.</summary>
    /// <param name="innerClient">The router below.</param>
    /// <param name="catalog">Resolves routes and models.</param>
    /// <param name="timeProvider">The clock for backoff delays.</param>
    /// <param name="circuits">Circuit breakers per target; null for none.</param>
    /// <param name="limiter">Applies the per-model rate limits of a route's targets; null for none.</param>
    public FailoverChatClient(IChatClient innerClient, IModelCatalog catalog, TimeProvider timeProvider, CircuitBreakerRegistry? circuits = null, RateLimits.RateLimiter? limiter = null)
        : base(innerClient)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _catalog = catalog;
        _timeProvider = timeProvider;
        _circuits = circuits;
        _limiter = limiter is { Enabled: true } ? limiter : null;
    }

    /// <inheritdoc />
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var route = Route(options);
        var targets = Order(route);
        var list = messages as IReadOnlyList<ChatMessage> ?? messages.ToList();
        var attempts = 0;
        string? fallbackReason = null;
        for (var t = 0; ; t++)
        {
            var targetOptions = options!.Clone();
            targetOptions.ModelId = targets[t].CanonicalName;
            try
            {
                var target = targets[t];
                await AdmitAsync(route, target, cancellationToken).ConfigureAwait(false);
                using var busy = Busy(target);
                var response = await Pipeline(route, target.CanonicalName).ExecuteAsync(
                    async ct =>
                    {
                        attempts++;
                        using var timer = new CancellationTokenSource(TotalTimeout(target), _timeProvider);
                        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, timer.Token);
                        try
                        {
                            return await base.GetResponseAsync(list, targetOptions, linked.Token).ConfigureAwait(false);
                        }
                        catch (OperationCanceledException exception) when (timer.IsCancellationRequested && !ct.IsCancellationRequested)
                        {
                            throw TimedOut(target, TotalTimeout(target), "did not answer", exception);
                        }
                    },
                    cancellationToken).ConfigureAwait(false);
                Stamp(response.AdditionalProperties ??= [], attempts, fallbackReason);
                return response;
            }
            catch (Exception exception) when (CanFailOver(exception) && t + 1 < targets.Count)
            {
                fallbackReason ??= Describe(targets[t], exception);
                RecordFallback(route, targets[t], exception);
            }
            catch (BrokenCircuitException exception)
            {
                throw CircuitOpen(targets[t], exception);
            }
        }
    }

    /// <inheritdoc />
    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var route = Route(options);
        var targets = Order(route);
        var list = messages as IReadOnlyList<ChatMessage> ?? messages.ToList();
        var attempts = 0;
        string? fallbackReason = null;
        IAsyncEnumerator<ChatResponseUpdate>? stream = null;
        HeldUpdates first = default;
        CancellationTokenSource? timer = null;
        CancellationTokenSource? linked = null;
        ResolvedModel? served = null;
        var servedProbe = false;
        InFlightScope? inFlight = null;
        for (var t = 0; stream is null; t++)
        {
            var targetOptions = options!.Clone();
            targetOptions.ModelId = targets[t].CanonicalName;
            // Busy from the request on, as for a complete answer: least-busy routing must see the streams still
            // waiting for their first token, which are most of a slow target's load.
            var busy = Busy(targets[t]);
            try
            {
                var target = targets[t];
                await AdmitAsync(route, target, cancellationToken).ConfigureAwait(false);
                var probing = _circuits?.IsProbing(target.CanonicalName) == true;
                (stream, first, timer, linked) = await Pipeline(route, target.CanonicalName).ExecuteAsync(
                    async ct =>
                    {
                        attempts++;

                        // Until the first update the clock runs against the first-token limit, then against the total.
                        var attemptTimer = new CancellationTokenSource(FirstTokenTimeout(target), _timeProvider);
                        var attemptLinked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, attemptTimer.Token);
                        var started = _timeProvider.GetTimestamp();
                        var candidate = base.GetStreamingResponseAsync(list, targetOptions, attemptLinked.Token).GetAsyncEnumerator(attemptLinked.Token);
                        try
                        {
                            // Committed to this target at its first update that carries some of the answer. Updates
                            // before it (Anthropic's message_start, Azure's prompt-filter chunk: a role, a usage count)
                            // are held, so that an error or a stall right after them still fails over: the caller has
                            // seen nothing of this attempt yet.
                            // The list is made only for such updates; a stream whose first update is text needs none.
                            List<ChatResponseUpdate>? held = null;
                            ChatResponseUpdate? answer = null;
                            while (await candidate.MoveNextAsync().ConfigureAwait(false))
                            {
                                if (CarriesAnswer(candidate.Current))
                                {
                                    answer = candidate.Current;
                                    break;
                                }

                                (held ??= []).Add(candidate.Current);
                            }

                            var remaining = TotalTimeout(target) - _timeProvider.GetElapsedTime(started);
                            attemptTimer.CancelAfter(remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero);
                            return (candidate, new HeldUpdates(held, answer), attemptTimer, attemptLinked);
                        }
                        catch (Exception exception)
                        {
                            await candidate.DisposeAsync().ConfigureAwait(false);
                            var timedOut = exception is OperationCanceledException && attemptTimer.IsCancellationRequested && !cancellationToken.IsCancellationRequested;
                            attemptLinked.Dispose();
                            attemptTimer.Dispose();
                            if (timedOut)
                            {
                                throw TimedOut(target, FirstTokenTimeout(target), "sent no first token", exception);
                            }

                            throw;
                        }
                    },
                    cancellationToken).ConfigureAwait(false);
                served = target;
                servedProbe = probing;
                inFlight = busy;
            }
            catch (Exception exception) when (CanFailOver(exception) && t + 1 < targets.Count)
            {
                busy.Dispose();
                fallbackReason ??= Describe(targets[t], exception);
                RecordFallback(route, targets[t], exception);
            }
            catch (BrokenCircuitException exception)
            {
                busy.Dispose();
                throw CircuitOpen(targets[t], exception);
            }
            catch
            {
                busy.Dispose();
                throw;
            }
        }

        try
        {
            if (first.Before is null && first.Answer is null)
            {
                yield break;
            }

            var stamped = first.Before?[0] ?? first.Answer!;
            Stamp(stamped.AdditionalProperties ??= [], attempts, fallbackReason);
            if (first.Before is { } before)
            {
                foreach (var update in before)
                {
                    yield return update;
                }
            }

            if (first.Answer is { } answer)
            {
                yield return answer;
            }

            while (true)
            {
                bool has;
                try
                {
                    has = await stream.MoveNextAsync().ConfigureAwait(false);
                }
                catch (OperationCanceledException exception) when (timer!.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
                {
                    var timedOut = TimedOut(served!, TotalTimeout(served!), "did not finish", exception);
                    await ReportMidStreamFailureAsync(served!, servedProbe, timedOut).ConfigureAwait(false);
                    throw timedOut;
                }
                catch (UpstreamException exception)
                {
                    await ReportMidStreamFailureAsync(served!, servedProbe, exception).ConfigureAwait(false);
                    throw;
                }

                if (!has)
                {
                    break;
                }

                yield return stream.Current;
            }
        }
        finally
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            linked?.Dispose();
            timer?.Dispose();
            inFlight?.Dispose();
        }
    }

    /// <summary>
    /// Admits a call to a route's target under the target's own per-model limit. A model called by name is its own
    /// route of one, and the rate-limit stage above admitted it under that name. A target whose circuit is open is not
    /// called, so it is not counted either.
    /// </summary>
    private ValueTask AdmitAsync(RouteDefinition route, ResolvedModel target, CancellationToken cancellationToken) =>
        _limiter is null || string.Equals(target.CanonicalName, route.Name, StringComparison.OrdinalIgnoreCase) || _circuits?.IsOpen(target.CanonicalName) == true
            ? ValueTask.CompletedTask
            : _limiter.AdmitModelCallAsync(target.CanonicalName, cancellationToken);

    /// <summary>Whether an update holds part of the answer: any content but a usage count, or a finish reason.</summary>
    private static bool CarriesAnswer(ChatResponseUpdate update)
    {
        if (update.FinishReason is not null)
        {
            return true;
        }

        var contents = update.Contents;
        for (var i = 0; i < contents.Count; i++)
        {
            if (contents[i] is not UsageContent)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// A stream's circuit execution ended with its first update, so a failure after it is not seen there: count it
    /// towards the target's health here, or a target whose streams all break halfway would never open its circuit. A
    /// stream that was the probe had closed the circuit at its first update: it opens it again.
    /// </summary>
    private ValueTask ReportMidStreamFailureAsync(ResolvedModel target, bool probe, UpstreamException exception) =>
        _circuits is null ? ValueTask.CompletedTask
        : probe ? _circuits.ReportProbeFailureAsync(target.CanonicalName, exception)
        : _circuits.ReportFailureAsync(target.CanonicalName, exception);

    /// <summary>Counts a fallback and notes it on the current span (the call's <c>chat</c> span).</summary>
    private static void RecordFallback(RouteDefinition route, ResolvedModel target, Exception exception)
    {
        var reason = exception is BrokenCircuitException ? ErrorTypes.Of(UpstreamErrorKind.CircuitOpen) : ErrorTypes.Of(exception);
        var tags = new TagList { { "route", route.Name }, { "target", target.CanonicalName }, { "reason", reason } };
        GatewayInstruments.Fallbacks.Add(1, in tags);
        if (Activity.Current is { IsAllDataRequested: true } activity)
        {
            activity.AddEvent(new ActivityEvent("switchboard.fallback", tags: new ActivityTagsCollection
            {
                ["switchboard.target"] = target.CanonicalName,
                ["error.type"] = reason,
            }));
        }
    }

    /// <summary>Counts a retry and notes it on the current span.</summary>
    private static void RecordRetry(string route, string target, Exception? exception, int attempt)
    {
        var reason = exception is null ? ErrorTypes.Other : ErrorTypes.Of(exception);
        var tags = new TagList { { "route", route }, { "target", target }, { "reason", reason } };
        GatewayInstruments.Retries.Add(1, in tags);
        if (Activity.Current is { IsAllDataRequested: true } activity)
        {
            activity.AddEvent(new ActivityEvent("switchboard.retry", tags: new ActivityTagsCollection
            {
                ["switchboard.target"] = target,
                ["switchboard.attempt"] = attempt,
                ["error.type"] = reason,
            }));
        }
    }

    private static void Stamp(AdditionalPropertiesDictionary properties, int attempts, string? fallbackReason)
    {
        properties[Attempts] = attempts;
        if (fallbackReason is not null)
        {
            properties[FallbackReason] = fallbackReason;
        }
    }

    /// <summary>The targets in the order this request tries them: per the strategy, with open circuits last.</summary>
    private IReadOnlyList<ResolvedModel> Order(RouteDefinition route)
    {
        // The common case (a plain chain, nothing broken) allocates nothing.
        if (route.Strategy == RouteStrategy.Ordered && (_circuits is null || !route.Targets.Any(t => _circuits.IsOpen(t.CanonicalName))))
        {
            return route.Targets;
        }

        var order = Enumerable.Range(0, route.Targets.Count).ToList();
        switch (route.Strategy)
        {
            case RouteStrategy.Weighted:
                var weights = route.Weights.ToList();
                var picked = new List<int>(order.Count);
                while (order.Count > 0)
                {
                    var total = order.Sum(i => weights[i]);
                    var roll = Random.Shared.NextDouble() * total;
                    var choice = order[^1];
                    foreach (var i in order)
                    {
                        roll -= weights[i];
                        if (roll < 0)
                        {
                            choice = i;
                            break;
                        }
                    }

                    picked.Add(choice);
                    order.Remove(choice);
                }

                order = picked;
                break;
            case RouteStrategy.LeastBusy:
                order = [.. order.OrderBy(i => InFlight(route.Targets[i].CanonicalName)).ThenBy(i => i)];
                break;
        }

        return [.. order.Select(i => route.Targets[i]).OrderBy(t => _circuits?.IsOpen(t.CanonicalName) == true)];
    }

    private int InFlight(string target) => _inFlight.TryGetValue(target, out var count) ? Volatile.Read(ref count.Value) : 0;

    private InFlightScope Busy(ResolvedModel target)
    {
        var counter = _inFlight.GetOrAdd(target.CanonicalName, _ => new StrongBox<int>());
        Interlocked.Increment(ref counter.Value);
        return new InFlightScope(counter);
    }

    // Never longer than the total: a first token after the whole call's time is up would be sent and then cut short.
    private static TimeSpan FirstTokenTimeout(ResolvedModel target) =>
        (target.Model.FirstTokenTimeout ?? target.Provider.FirstTokenTimeout) is var first && first < TotalTimeout(target) ? first : TotalTimeout(target);

    // A model may tighten its provider's total timeout (which the adapter enforces anyway), not loosen it.
    private static TimeSpan TotalTimeout(ResolvedModel target) =>
        target.Model.Timeout is { } own && own < target.Provider.Timeout ? own : target.Provider.Timeout;

    private static UpstreamException TimedOut(ResolvedModel target, TimeSpan limit, string what, Exception inner) => new(
        UpstreamErrorKind.Timeout,
        target.Provider.Name,
        $"{target.CanonicalName} {what} within {limit.TotalSeconds:0.###} s.",
        innerException: inner);

    private static string Describe(ResolvedModel target, Exception exception) => exception switch
    {
        UpstreamException upstream => $"{target.CanonicalName}: {upstream.Kind}{(upstream.StatusCode is { } status ? $" (HTTP {status})" : string.Empty)}",
        Abstractions.Governance.RateLimitExceededException => $"{target.CanonicalName}: RateLimited (its limit in Switchboard)",
        _ => $"{target.CanonicalName}: CircuitOpen",
    };

    // A bad request fails everywhere; everything else (an open circuit or a used-up rate limit included) may work on
    // another target. So may a 404: a retired model id or a missing deployment is that target's alone.
    private static bool CanFailOver(Exception exception) => exception switch
    {
        BrokenCircuitException or Abstractions.Governance.RateLimitExceededException => true,
        UpstreamException upstream => upstream.Kind != UpstreamErrorKind.InvalidRequest || upstream.StatusCode == 404,
        _ => false,
    };

    private static UpstreamException CircuitOpen(ResolvedModel target, BrokenCircuitException exception) => new(
        UpstreamErrorKind.CircuitOpen,
        target.Provider.Name,
        $"{target.CanonicalName} is failing and its circuit is open; it is retried after {exception.RetryAfter?.TotalSeconds ?? 0:0.#} s.",
        retryAfter: exception.RetryAfter,
        innerException: exception);

    private RouteDefinition Route(ChatOptions? options)
    {
        var name = options?.ModelId ?? throw new ModelNotFoundException("A model name is required.");
        return _catalog.TryGetRoute(name, out var route, out var reason) ? route : throw new ModelNotFoundException(reason);
    }

    // Pipelines are immutable and thread-safe: one per (route, target), built on first use.
    private ResiliencePipeline Pipeline(RouteDefinition route, string target) =>
        _pipelines.GetOrAdd((route.Name, target), static (key, state) => state.Self.BuildPipeline(state.Route, key.Target), (Self: this, Route: route));

    private ResiliencePipeline BuildPipeline(RouteDefinition route, string target)
    {
        // Retries wrap the target's circuit, so every attempt counts towards its health.
        var circuit = _circuits?.For(target) ?? ResiliencePipeline.Empty;
        if (route.MaxAttempts <= 1)
        {
            return circuit;
        }

        return new ResiliencePipelineBuilder { TimeProvider = _timeProvider }
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = route.MaxAttempts - 1,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = route.RetryBaseDelay,
                ShouldHandle = new PredicateBuilder().Handle<UpstreamException>(e => IsRetryable(e, route)),
                DelayGenerator = args => new ValueTask<TimeSpan?>(args.Outcome.Exception is UpstreamException { RetryAfter: { } retryAfter } ? retryAfter : null),
                OnRetry = async args =>
                {
                    // Each retry is a call the upstream sees, so it is admitted under the target's own per-model limit
                    // (the first try was, before the pipeline or by the rate-limit stage). Here, outside the circuit: a
                    // refusal must not count as a call the circuit saw succeed. A refused retry ends the tries at this
                    // target and moves on to the next, as a refused first try does.
                    if (_limiter is not null)
                    {
                        await _limiter.AdmitModelCallAsync(target, args.Context.CancellationToken).ConfigureAwait(false);
                    }

                    RecordRetry(route.Name, target, args.Outcome.Exception, args.AttemptNumber + 1);
                },
            })
            .AddPipeline(circuit)
            .Build();
    }

    // A Retry-After longer than the route waits for (a 429's, or a 503's) moves on to the next target instead.
    private static bool IsRetryable(UpstreamException exception, RouteDefinition route) =>
        exception.Kind is UpstreamErrorKind.RateLimited or UpstreamErrorKind.ServerError or UpstreamErrorKind.Unreachable or UpstreamErrorKind.Timeout
        && (exception.RetryAfter is not { } wait || wait <= route.MaxRetryAfter);
}
