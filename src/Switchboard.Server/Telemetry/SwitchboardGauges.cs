using System.Diagnostics.Metrics;
using Polly.CircuitBreaker;
using Switchboard.Abstractions.Telemetry;
using Switchboard.Gateway.Routing;

namespace Switchboard.Server.Telemetry;

/// <summary>
/// The observable gauges, which read this host's state when metrics are collected: the circuit state of each upstream
/// target, the length of the handoff queue and the wait of its oldest item. They live on a <c>Switchboard</c> meter from the host's
/// <see cref="IMeterFactory"/> rather than the static one, so that their callbacks end with the host.
/// </summary>
internal sealed class SwitchboardGauges
{
    /// <summary>Initializes a new instance of the <see cref="SwitchboardGauges"/> class and creates the gauges.</summary>
    public SwitchboardGauges(IMeterFactory meterFactory, CircuitBreakerRegistry circuits, HandoffQueueGauges queue)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(SwitchboardTelemetry.Name, SwitchboardTelemetry.Version);
        meter.CreateObservableGauge(
            "switchboard.circuit_breaker.state",
            () => ObserveCircuits(circuits),
            "{state}",
            "Circuit breaker state of each upstream target used so far: 0 closed, 1 open (or isolated), 2 half-open.");
        meter.CreateObservableGauge(
            "switchboard.handoff_queue.length",
            queue.ObserveLength,
            "{item}",
            "Conversations in the human handoff queue, by status (waiting or claimed); refreshed at most every 5 seconds.");
        meter.CreateObservableGauge(
            "switchboard.handoff_queue.oldest_wait",
            queue.ObserveOldestWait,
            "s",
            "Seconds the oldest conversation still waiting in the human handoff queue has waited, by team; 0 when none waits.");
    }

    private static IEnumerable<Measurement<int>> ObserveCircuits(CircuitBreakerRegistry circuits)
    {
        foreach (var (target, state) in circuits.Snapshot())
        {
            var value = state switch
            {
                CircuitState.Closed => 0,
                CircuitState.HalfOpen => 2,
                _ => 1,
            };
            yield return new Measurement<int>(value, new KeyValuePair<string, object?>("target", target));
        }
    }
}
