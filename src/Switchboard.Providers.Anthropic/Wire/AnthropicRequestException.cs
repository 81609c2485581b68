namespace Switchboard.Providers.Anthropic.Wire;

/// <summary>An Anthropic-format request is malformed or invalid; maps to HTTP 400 <c>invalid_request_error</c>.</summary>
public sealed class AnthropicRequestException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="AnthropicRequestException"/> class.</summary>
    public AnthropicRequestException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="AnthropicRequestException"/> class.</summary>
    public AnthropicRequestException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="AnthropicRequestException"/> class.</summary>
    public AnthropicRequestException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
