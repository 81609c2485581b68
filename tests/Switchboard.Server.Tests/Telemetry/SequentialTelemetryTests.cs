namespace Switchboard.Server.Tests.Telemetry;

/// <summary>
/// The functional telemetry tests run alone, after every parallel test. Meters are process-wide: a host's meter
/// provider also sees the instruments of other hosts in this process (ASP.NET Core's meter comes from each host's
/// meter factory under one name), and the OpenTelemetry SDK stops exporting a metric once any host that shares it is
/// disposed. Alone, the counters also move by exactly what each test did.
/// </summary>
[CollectionDefinition(nameof(SequentialTelemetryTests), DisableParallelization = true)]
public sealed class SequentialTelemetryTests;
