using System.Diagnostics.Metrics;
using Switchboard.Abstractions.Agents;
using Switchboard.Abstractions.Telemetry;

namespace Switchboard.Server.Agents;

/// <summary>The metrics of the operators' work on the human handoff queue.</summary>
internal static class HandoffQueueInstruments
{
    /// <summary>
    /// Bucket bounds for the wait before a claim, in seconds: from an operator who was watching (seconds) to a queue
    /// left overnight (hours). 600 (the <c>SwitchboardHandoffWaitTooLong</c> threshold) is a bound, so the share
    /// claimed within it is exact.
    /// </summary>
    private static readonly double[] WaitBuckets = [5, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 14400, 28800];

    /// <summary><c>switchboard.handoff.wait</c>: how long a conversation waited in the queue before an operator claimed it.</summary>
    public static readonly Histogram<double> Wait = SwitchboardTelemetry.Meter.CreateHistogram(
        "switchboard.handoff.wait", "s", "Time a conversation waited in the human handoff queue until an operator claimed it, by team.",
        tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = WaitBuckets });

    /// <summary>Records the wait of an item that has just been claimed: from queueing to claim, by the store's clock.</summary>
    public static void RecordClaim(QueueItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        if (item.ClaimedAt is { } claimedAt)
        {
            Wait.Record(Math.Max(0, (claimedAt - item.CreatedAt).TotalSeconds), new KeyValuePair<string, object?>("team", item.Team));
        }
    }
}
