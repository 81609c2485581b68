using System.Text.Json;

namespace Switchboard.Abstractions.Errors;

/// <summary>
/// Classifies upstream failures the same way for every HTTP adapter: an error status becomes an
/// <see cref="UpstreamException"/> of the right kind (an authentication error never echoes the upstream's text, which
/// may contain part of a key), and transport exceptions become unreachable, timeout or invalid-response failures.
/// </summary>
public static class UpstreamFailures
{
    /// <summary>Builds the exception for an upstream error status.</summary>
    /// <param name="provider">The provider's name.</param>
    /// <param name="response">The failed response (for its status, reason phrase and <c>Retry-After</c>).</param>
    /// <param name="message">The upstream's error message, when its body had one.</param>
    /// <param name="type">The upstream's error type or code, when its body had one.</param>
    /// <param name="now">The current time, to turn a <c>Retry-After</c> date into a delay.</param>
    public static UpstreamException FromStatus(string provider, HttpResponseMessage response, string? message, string? type, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(response);
        var status = (int)response.StatusCode;
        var kind = status switch
        {
            401 or 403 => UpstreamErrorKind.Authentication,
            408 => UpstreamErrorKind.Timeout,
            429 => UpstreamErrorKind.RateLimited,
            >= 500 => UpstreamErrorKind.ServerError, // 529: Anthropic's "overloaded"
            _ => UpstreamErrorKind.InvalidRequest,
        };
        var detail = kind == UpstreamErrorKind.Authentication
            ? "the provider rejected Switchboard's credentials; check the API key configured for it"
            : message ?? response.ReasonPhrase ?? "no message";
        return new UpstreamException(
            kind,
            provider,
            $"Provider '{provider}' returned HTTP {status}{(type is null ? string.Empty : $" ({type})")}: {detail}",
            status,
            RetryAfter(response, now),
            type);
    }

    /// <summary>
    /// Maps a transport or parsing exception to an <see cref="UpstreamException"/>; returns null for exceptions that
    /// must propagate as they are (already mapped, or the caller's own cancellation).
    /// </summary>
    /// <param name="exception">What was thrown.</param>
    /// <param name="provider">The provider's name.</param>
    /// <param name="timeout">The adapter's timeout, named in the message.</param>
    /// <param name="format">The wire format expected, named when the body is not valid (e.g. "chat completion").</param>
    /// <param name="callerToken">The caller's token: its cancellation is not a timeout.</param>
    public static UpstreamException? FromTransport(Exception exception, string provider, TimeSpan timeout, string format, CancellationToken callerToken) => exception switch
    {
        UpstreamException => null,
        OperationCanceledException when callerToken.IsCancellationRequested => null,
        OperationCanceledException => new UpstreamException(
            UpstreamErrorKind.Timeout, provider, $"Provider '{provider}' did not answer within {timeout.TotalSeconds:0.###} s.", innerException: exception),
        HttpRequestException { StatusCode: null } or IOException => new UpstreamException(
            UpstreamErrorKind.Unreachable, provider, $"Provider '{provider}' could not be reached or closed the connection ({exception.GetType().Name}).", innerException: exception),
        JsonException or InvalidDataException or KeyNotFoundException or InvalidOperationException or FormatException or ArgumentOutOfRangeException => new UpstreamException(
            UpstreamErrorKind.InvalidResponse, provider, $"Provider '{provider}' answered with a body that is not a valid {format}.", innerException: exception),
        _ => null,
    };

    private static TimeSpan? RetryAfter(HttpResponseMessage response, DateTimeOffset now)
    {
        var retryAfter = response.Headers.RetryAfter;
        if (retryAfter?.Delta is { } delta)
        {
            return delta;
        }

        if (retryAfter?.Date is { } date)
        {
            var wait = date - now;
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }

        return null;
    }
}
