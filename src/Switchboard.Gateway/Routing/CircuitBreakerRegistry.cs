using System.Collections.Concurrent;
using Polly;
using Polly.CircuitBreaker;
using Switchboard.Abstractions.Errors;

namespace Switchboard.Gateway.Routing;

/// <summary>One circuit breaker per target (<c>provider:model</c>), shared by every request, with readable state.</summary>
public sealed class CircuitBreakerRegistry
{
    private readonly CircuitBreakerSettings _settings;
    private readonly TimeProvider _timeProvider;
    private readonly ConcurrentDictionary<string, Circuit> _circuits = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Initializes a new instance of the <see cref="CircuitBreakerRegistry"/> class.</summary>
    public CircuitBreakerRegistry(CircuitBreakerSettings settings, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _settings = settings;
        _timeProvider = timeProvider;
    }

    /// <summary>Gets the circuit of a target, created closed on first use; <see cref="ResiliencePipeline.Empty"/> when disabled.</summary>
    public ResiliencePipeline For(string target) =>
        _settings.Enabled ? _circuits.GetOrAdd(target, _ => Create()).Pipeline : ResiliencePipeline.Empty;

    /// <summary>
    /// Counts a failure that happened outside the circuit's own execution (a stream that broke after its first update)
    /// towards a target's health, as if a call through the circuit had failed with <paramref name="exception"/>. The
    /// circuit's own rules decide whether the failure counts (a 429 or a bad request does not). Does nothing when
    /// circuits are disabled or the circuit is already open.
    /// </summary>
    public async ValueTask ReportFailureAsync(string target, Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        if (!_settings.Enabled)
        {
            return;
        }

        var context = ResilienceContextPool.Shared.Get();
        try
        {
            // An open circuit answers with a BrokenCircuitException outcome instead; there is nothing to add then.
            _ = await For(target).ExecuteOutcomeAsync(
                static (_, failure) => Outcome.FromExceptionAsValueTask<bool>(failure),
                context,
                exception).ConfigureAwait(false);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    /// <summary>
    /// Counts a failure outside the circuit's execution, as <see cref="ReportFailureAsync(string, Exception)"/> does, for a
    /// call that was the circuit's probe (see <see cref="IsProbing"/>). A stream's probe closes the circuit at its first
    /// update; if it then breaks, the target is no better than when the circuit opened, but a closed circuit opens only
    /// after <see cref="CircuitBreakerSettings.MinimumThroughput"/> calls. The failure is therefore counted until the
    /// circuit opens again, at most that many times: a break of its own for the target, then another probe.
    /// </summary>
    public async ValueTask ReportProbeFailureAsync(string target, Exception exception)
    {
        for (var i = 0; i <= _settings.MinimumThroughput && (i == 0 || !IsOpen(target)); i++)
        {
            await ReportFailureAsync(target, exception).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Gets a value indicating whether a call to the target now would be its circuit's probe: the circuit's break is
    /// over and no call has gone through it since.
    /// </summary>
    public bool IsProbing(string target) =>
        _settings.Enabled && _circuits.TryGetValue(target, out var circuit) && StateOf(circuit) == CircuitState.HalfOpen;

    /// <summary>
    /// Gets a value indicating whether a target's circuit is open (or isolated) right now. A circuit whose break is over
    /// is not: its next call is the probe that closes or opens it again, so a route must try it in its place.
    /// </summary>
    public bool IsOpen(string target) =>
        _circuits.TryGetValue(target, out var circuit) && StateOf(circuit) is CircuitState.Open or CircuitState.Isolated;

    /// <summary>Returns every circuit used so far with its state, unordered (for metrics; cheap to call on each scrape).</summary>
    public IEnumerable<KeyValuePair<string, CircuitState>> Snapshot()
    {
        foreach (var (target, circuit) in _circuits)
        {
            yield return new KeyValuePair<string, CircuitState>(target, StateOf(circuit));
        }
    }

    /// <summary>Returns the state of every circuit used so far: closed, open, half_open or isolated.</summary>
    public IReadOnlyDictionary<string, string> States() =>
        _circuits.OrderBy(c => c.Key, StringComparer.Ordinal).ToDictionary(
            c => c.Key,
            c => StateOf(c.Value) switch
            {
                CircuitState.Closed => "closed",
                CircuitState.Open => "open",
                CircuitState.HalfOpen => "half_open",
                _ => "isolated",
            },
            StringComparer.Ordinal);

    // Polly moves an open circuit to half-open only when a call goes through it; until then its state stays "open"
    // however long ago the break ended. Read as half-open then: the next call through it is the probe.
    private CircuitState StateOf(Circuit circuit)
    {
        var state = circuit.State.CircuitState;
        return state == CircuitState.Open && _timeProvider.GetUtcNow().UtcTicks >= Volatile.Read(ref circuit.OpenUntilTicks)
            ? CircuitState.HalfOpen
            : state;
    }

    private Circuit Create()
    {
        var circuit = new Circuit { State = new CircuitBreakerStateProvider() };
        circuit.Pipeline = new ResiliencePipelineBuilder { TimeProvider = _timeProvider }
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                FailureRatio = _settings.FailureRatio,
                MinimumThroughput = _settings.MinimumThroughput,
                SamplingDuration = TimeSpan.FromSeconds(_settings.SamplingDurationSeconds),
                BreakDuration = TimeSpan.FromSeconds(_settings.BreakDurationSeconds),
                StateProvider = circuit.State,
                OnOpened = args =>
                {
                    var now = _timeProvider.GetUtcNow();
                    var until = args.IsManual || args.BreakDuration >= DateTimeOffset.MaxValue - now ? long.MaxValue : (now + args.BreakDuration).UtcTicks;
                    Volatile.Write(ref circuit.OpenUntilTicks, until);
                    return default;
                },

                // Health failures only: a 429 is a quota, a 4xx is the request's fault. A probe the caller gave up on
                // proved nothing, but Polly would take it as a success and close the circuit on a target that may still
                // be down: it counts as a failure in the half-open state only (the circuit stays open one more break).
                // While closed it counts as Polly counts it, a success, rather than opening circuits on callers that leave.
                ShouldHandle = args => new ValueTask<bool>(args.Outcome.Exception switch
                {
                    UpstreamException e => e.Kind is UpstreamErrorKind.ServerError or UpstreamErrorKind.Unreachable or UpstreamErrorKind.Timeout or UpstreamErrorKind.InvalidResponse,
                    OperationCanceledException => args.Context.CancellationToken.IsCancellationRequested && circuit.State.CircuitState == CircuitState.HalfOpen,
                    _ => false,
                }),
            })
            .Build();
        return circuit;
    }

    private sealed class Circuit
    {
        // When the current break ends (UTC ticks); read without the circuit's lock, so written and read as volatile.
        public long OpenUntilTicks;

        public ResiliencePipeline Pipeline { get; set; } = ResiliencePipeline.Empty;

        public required CircuitBreakerStateProvider State { get; init; }
    }
}
