namespace Switchboard.Server.Access;

/// <summary>
/// Decides which refused credentials get an audit record of their own. Anyone can send requests without a valid key,
/// and the audit log cannot be trimmed, so one record per attempt would let a loop of <c>curl</c> grow it without
/// bound and take SQLite's one writer from paying callers. Per minute (UTC), the first attempt from each address with
/// each reason is recorded, up to <see cref="MaxRecordsPerMinute"/>; the rest are counted, and the next record written
/// says how many were left out before it. Every attempt is still counted in <c>switchboard_auth_failures_total</c>.
/// </summary>
internal sealed class AuthFailureSampler
{
    /// <summary>The most records of refused credentials written in one minute.</summary>
    public const int MaxRecordsPerMinute = 30;

    private readonly TimeProvider _timeProvider;
    private readonly Lock _lock = new();
    private readonly HashSet<(string? Address, string Reason)> _recorded = [];
    private long _minute = long.MinValue;
    private long _skipped;

    public AuthFailureSampler(TimeProvider timeProvider) => _timeProvider = timeProvider;

    /// <summary>Whether to record this attempt; when it is, <paramref name="skippedBefore"/> is how many attempts were left out since the last record.</summary>
    public bool ShouldRecord(string? address, string reason, out long skippedBefore)
    {
        var minute = _timeProvider.GetUtcNow().ToUnixTimeSeconds() / 60;
        lock (_lock)
        {
            skippedBefore = 0;
            if (minute != _minute)
            {
                _minute = minute;
                _recorded.Clear();
            }

            if (_recorded.Count < MaxRecordsPerMinute && _recorded.Add((address, reason)))
            {
                skippedBefore = _skipped;
                _skipped = 0;
                return true;
            }

            _skipped++;
            return false;
        }
    }
}
