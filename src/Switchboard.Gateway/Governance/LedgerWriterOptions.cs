namespace Switchboard.Gateway.Governance;

/// <summary>Settings of the <see cref="LedgerWriter"/>.</summary>
public sealed class LedgerWriterOptions
{
    /// <summary>Gets or sets how many entries may wait to be written; callers wait while it is full.</summary>
    /// <value>The default is 10,000.</value>
    public int Capacity { get; set; } = 10_000;

    /// <summary>Gets or sets the most entries written in one transaction.</summary>
    /// <value>The default is 256.</value>
    public int MaxBatchSize { get; set; } = 256;

    /// <summary>Gets or sets how long a batch collects entries after its first one before it is written.</summary>
    /// <value>The default is 200 milliseconds; at most one day.</value>
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Gets or sets how many times a batch is tried before it is given up (and logged as lost).</summary>
    /// <value>The default is 5.</value>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>Gets or sets the wait before the first retry of a batch; each later retry waits twice as long, up to a minute.</summary>
    /// <value>The default is 200 milliseconds.</value>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// Gets or sets how long stopping waits for model calls still running to record their entries before it closes the
    /// queue. The host stops the ledger after the web server, whose shutdown timeout has then passed, so these are
    /// calls it cut short; they end within moments, and their entries would be lost without the wait.
    /// </summary>
    /// <value>The default is 10 seconds.</value>
    public TimeSpan ShutdownGrace { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Throws when a setting is out of range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Capacity);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxBatchSize);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(FlushInterval, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(FlushInterval, TimeSpan.FromDays(1));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxAttempts);
        ArgumentOutOfRangeException.ThrowIfLessThan(RetryDelay, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(ShutdownGrace, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(ShutdownGrace, TimeSpan.FromHours(1));
    }
}
