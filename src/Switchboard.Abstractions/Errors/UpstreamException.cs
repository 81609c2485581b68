namespace Switchboard.Abstractions.Errors;

/// <summary>An upstream model call failed. Hosts map it to their API's error format.</summary>
public sealed class UpstreamException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="UpstreamException"/> class.</summary>
    public UpstreamException()
        : this(UpstreamErrorKind.ServerError, "unknown", "The upstream call failed.")
    {
    }

    /// <summary>Initializes a new instance of the <see cref="UpstreamException"/> class.</summary>
    public UpstreamException(string message)
        : this(UpstreamErrorKind.ServerError, "unknown", message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="UpstreamException"/> class.</summary>
    public UpstreamException(string message, Exception innerException)
        : this(UpstreamErrorKind.ServerError, "unknown", message, innerException: innerException)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="UpstreamException"/> class.</summary>
    /// <param name="kind">What went wrong.</param>
    /// <param name="provider">The provider's name.</param>
    /// <param name="message">A message safe to show to the caller (never contains secrets).</param>
    /// <param name="statusCode">The upstream HTTP status, when there was one.</param>
    /// <param name="retryAfter">The upstream's <c>Retry-After</c>, when given.</param>
    /// <param name="upstreamType">The upstream's error type or code, when given.</param>
    /// <param name="innerException">The underlying exception.</param>
    public UpstreamException(
        UpstreamErrorKind kind,
        string provider,
        string message,
        int? statusCode = null,
        TimeSpan? retryAfter = null,
        string? upstreamType = null,
        Exception? innerException = null)
        : base(message, innerException)
    {
        Kind = kind;
        Provider = provider;
        StatusCode = statusCode;
        RetryAfter = retryAfter;
        UpstreamType = upstreamType;
    }

    /// <summary>Gets what went wrong.</summary>
    public UpstreamErrorKind Kind { get; }

    /// <summary>Gets the provider's name.</summary>
    public string Provider { get; }

    /// <summary>Gets the upstream HTTP status, when there was one.</summary>
    public int? StatusCode { get; }

    /// <summary>Gets the upstream's <c>Retry-After</c>, when given.</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>Gets the upstream's error type or code, when given.</summary>
    public string? UpstreamType { get; }
}
