namespace Switchboard.Server.Errors;

/// <summary>An error in the shape both API formats need; rendered as OpenAI JSON on /v1 and RFC 7807 on /api.</summary>
/// <param name="Status">The HTTP status.</param>
/// <param name="Title">A short summary (problem details <c>title</c>).</param>
/// <param name="Message">What went wrong and what to do (OpenAI <c>message</c>, problem details <c>detail</c>).</param>
/// <param name="OpenAIType">The OpenAI error <c>type</c>.</param>
/// <param name="Code">A stable machine-readable code.</param>
/// <param name="Param">The offending request field, when there is one.</param>
internal sealed record ApiError(int Status, string Title, string Message, string OpenAIType, string? Code = null, string? Param = null)
{
    /// <summary>Gets the delay after which the client may retry, sent as <c>Retry-After</c>.</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>Gets field errors for a validation problem.</summary>
    public IDictionary<string, string[]>? Errors { get; init; }
}
