using System.Diagnostics;

namespace Switchboard.Server.Tests.Infrastructure;

/// <summary>
/// A clock for a whole test server, moved by hand. The wall clock stands still except when advanced; timestamps run in
/// real time plus every advance, so what measures elapsed time (caches, timeouts, durations) sees the jumps too and
/// still moves on its own. Timers stay real.
/// </summary>
public sealed class ManualTimeProvider(DateTimeOffset start) : TimeProvider
{
    private long _advancedTicks;

    public override DateTimeOffset GetUtcNow() => start.AddTicks(Interlocked.Read(ref _advancedTicks));

    public override long GetTimestamp() =>
        Stopwatch.GetTimestamp() + (long)(Interlocked.Read(ref _advancedTicks) * ((double)Stopwatch.Frequency / TimeSpan.TicksPerSecond));

    public void Advance(TimeSpan by)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(by, TimeSpan.Zero);
        Interlocked.Add(ref _advancedTicks, by.Ticks);
    }
}
