namespace Switchboard.Abstractions.Governance;

/// <summary>A request or model call went over a requests-per-minute or tokens-per-minute limit.</summary>
public sealed class RateLimitExceededException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="RateLimitExceededException"/> class.</summary>
    public RateLimitExceededException()
        : this("The rate limit was reached.", TimeSpan.Zero)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="RateLimitExceededException"/> class.</summary>
    public RateLimitExceededException(string message)
        : this(message, TimeSpan.Zero)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="RateLimitExceededException"/> class.</summary>
    public RateLimitExceededException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="RateLimitExceededException"/> class.</summary>
    /// <param name="message">Which limit, and when to retry.</param>
    /// <param name="retryAfter">How long until the window that refused ends.</param>
    public RateLimitExceededException(string message, TimeSpan retryAfter)
        : base(message)
    {
        RetryAfter = retryAfter;
    }

    /// <summary>Gets how long until the window that refused ends.</summary>
    public TimeSpan RetryAfter { get; }

    /// <summary>Gets what the refused limit counts, <c>requests</c> or <c>tokens</c> (the <c>x-ratelimit-*</c> header suffix), when known.</summary>
    public string? LimitKind { get; init; }

    /// <summary>Gets the refused limit per minute, when known.</summary>
    public int? Limit { get; init; }
}
