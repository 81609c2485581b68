using System.Diagnostics.Metrics;
using Switchboard.Abstractions.Telemetry;

namespace Switchboard.Server.Access;

/// <summary>The metrics of authentication and authorization.</summary>
internal static class AccessInstruments
{
    /// <summary><c>switchboard.auth.failures</c>: requests refused for missing or bad credentials, by reason.</summary>
    public static readonly Counter<long> AuthFailures = SwitchboardTelemetry.Meter.CreateCounter<long>(
        "switchboard.auth.failures", "{request}", "Requests refused because their credentials were missing, invalid, revoked or expired (reason), or lacked a permission (reason denied).");
}
