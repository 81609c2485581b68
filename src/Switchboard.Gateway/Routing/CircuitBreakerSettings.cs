namespace Switchboard.Gateway.Routing;

/// <summary>
/// When a target's circuit opens (section <c>Switchboard:CircuitBreaker</c>): after at least
/// <see cref="MinimumThroughput"/> calls in <see cref="SamplingDurationSeconds"/>, if the share of failures (5xx,
/// connection failures, timeouts; not 429) reaches <see cref="FailureRatio"/>, calls skip the target for
/// <see cref="BreakDurationSeconds"/>, then one probe decides whether it closes again.
/// </summary>
public sealed class CircuitBreakerSettings
{
    /// <summary>The longest sampling or break duration, one day: the most Polly takes.</summary>
    public const double MaxDurationSeconds = 86_400;

    /// <summary>The configuration section.</summary>
    public const string Section = "Switchboard:CircuitBreaker";

    /// <summary>Gets or sets a value indicating whether circuits are used at all.</summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool Enabled { get; set; } = true;

    /// <summary>Gets or sets the share of failed calls that opens the circuit.</summary>
    /// <value>The default is 0.5.</value>
    public double FailureRatio { get; set; } = 0.5;

    /// <summary>Gets or sets the fewest calls in the sampling window before the ratio counts.</summary>
    /// <value>The default is 10.</value>
    public int MinimumThroughput { get; set; } = 10;

    /// <summary>Gets or sets the sampling window in seconds.</summary>
    /// <value>The default is 30 seconds.</value>
    public double SamplingDurationSeconds { get; set; } = 30;

    /// <summary>Gets or sets how long an open circuit stays open, in seconds.</summary>
    /// <value>The default is 30 seconds.</value>
    public double BreakDurationSeconds { get; set; } = 30;

    /// <summary>Returns one message per invalid field, each naming it.</summary>
    public IEnumerable<string> Validate()
    {
        if (!(FailureRatio > 0 && FailureRatio <= 1))
        {
            yield return $"{Section}:FailureRatio: must be greater than 0 and at most 1.";
        }

        if (MinimumThroughput < 2)
        {
            yield return $"{Section}:MinimumThroughput: must be at least 2.";
        }

        // Polly takes 0.5 s to one day for both; a longer value would fail every call at its first use, not here.
        if (!(SamplingDurationSeconds >= 0.5 && SamplingDurationSeconds <= MaxDurationSeconds))
        {
            yield return $"{Section}:SamplingDurationSeconds: must be between 0.5 and {MaxDurationSeconds} (one day).";
        }

        if (!(BreakDurationSeconds >= 0.5 && BreakDurationSeconds <= MaxDurationSeconds))
        {
            yield return $"{Section}:BreakDurationSeconds: must be between 0.5 and {MaxDurationSeconds} (one day).";
        }
    }
}
