namespace Switchboard.Gateway.Tests.Fakes;

/// <summary>One measurement of a <c>Switchboard</c> instrument.</summary>
public sealed record RecordedMeasurement(string Instrument, double Value, IReadOnlyDictionary<string, object?> Tags);
