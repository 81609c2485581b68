using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Switchboard.Abstractions.Telemetry;

namespace Switchboard.Gateway.Tests.Fakes;

/// <summary>
/// Records the measurements of the <c>Switchboard</c> meter that carry a given tag value (tests run in parallel and
/// the instruments are process-wide, so each test marks its calls with a value of its own).
/// </summary>
public sealed class MeasurementRecorder : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<RecordedMeasurement> _measurements = new();
    private readonly string _marker;

    public MeasurementRecorder(string marker)
    {
        _marker = marker;
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == SwitchboardTelemetry.Name)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.Start();
    }

    /// <summary>Gets the measurements of one instrument.</summary>
    public IReadOnlyList<RecordedMeasurement> Of(string instrument) => [.. _measurements.Where(m => m.Instrument == instrument)];

    public void Dispose() => _listener.Dispose();

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var copy = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var tag in tags)
        {
            copy[tag.Key] = tag.Value;
        }

        if (copy.Values.Any(v => v as string == _marker))
        {
            _measurements.Enqueue(new RecordedMeasurement(instrument.Name, value, copy));
        }
    }
}
