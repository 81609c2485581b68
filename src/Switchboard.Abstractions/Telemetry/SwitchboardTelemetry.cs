using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Reflection;

namespace Switchboard.Abstractions.Telemetry;

/// <summary>
/// The process-wide <see cref="System.Diagnostics.Metrics.Meter"/> and <see cref="System.Diagnostics.ActivitySource"/>
/// named <c>Switchboard</c>. Components create their instruments on <see cref="Meter"/> once, as static fields, and
/// record through them; nothing is collected or exported unless a listener (the server's OpenTelemetry providers, or
/// a test's <c>MeterListener</c>/<c>ActivityListener</c>) subscribes to the name.
/// </summary>
/// <remarks>
/// Instruments and spans never carry message contents, tool arguments or results, or secrets: only names, counts,
/// durations and outcome kinds.
/// </remarks>
public static class SwitchboardTelemetry
{
    /// <summary>The name of the meter and of the activity source.</summary>
    public const string Name = "Switchboard";

    /// <summary>Gets the version reported with the meter and the activity source (the assembly's informational version).</summary>
    public static string Version { get; } =
        typeof(SwitchboardTelemetry).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? "0.0.0";

    /// <summary>Gets the meter every Switchboard counter, histogram and up-down counter is created on.</summary>
    public static Meter Meter { get; } = new(Name, Version);

    /// <summary>Gets the source of Switchboard's spans (agent runs, model calls, tool executions).</summary>
    public static ActivitySource ActivitySource { get; } = new(Name, Version);
}
