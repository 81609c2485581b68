namespace Switchboard.Providers.OpenAI.Wire;

/// <summary>An OpenAI-format request is malformed or invalid; maps to HTTP 400 <c>invalid_request_error</c>.</summary>
public sealed class OpenAIRequestException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="OpenAIRequestException"/> class.</summary>
    public OpenAIRequestException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="OpenAIRequestException"/> class.</summary>
    public OpenAIRequestException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="OpenAIRequestException"/> class.</summary>
    public OpenAIRequestException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="OpenAIRequestException"/> class.</summary>
    /// <param name="message">What is wrong, for the caller.</param>
    /// <param name="param">The JSON path of the offending field, e.g. <c>messages[0].role</c>.</param>
    /// <param name="code">An error code, e.g. <c>invalid_json</c>.</param>
    public OpenAIRequestException(string message, string? param, string? code = null)
        : base(message)
    {
        Param = param;
        Code = code;
    }

    /// <summary>Gets the JSON path of the offending field.</summary>
    public string? Param { get; }

    /// <summary>Gets an error code, when there is one.</summary>
    public string? Code { get; }
}
