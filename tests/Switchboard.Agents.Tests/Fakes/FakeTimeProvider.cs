namespace Switchboard.Agents.Tests.Fakes;

/// <summary>
/// A clock the test sets (Microsoft.Extensions.TimeProvider.Testing is not available here). Only the wall clock is
/// fake: timestamps and timers stay real, so timeouts still fire.
/// </summary>
public sealed class FakeTimeProvider : TimeProvider
{
    private readonly object _lock = new();
    private DateTimeOffset _now;

    public FakeTimeProvider(DateTimeOffset now) => _now = now;

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    public override DateTimeOffset GetUtcNow()
    {
        lock (_lock)
        {
            return _now;
        }
    }

    public void Advance(TimeSpan by)
    {
        lock (_lock)
        {
            _now += by;
        }
    }
}
