namespace Switchboard.Providers.Anthropic.Wire;

/// <summary>An Anthropic stream delivered an <c>error</c> event.</summary>
public sealed class AnthropicStreamException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="AnthropicStreamException"/> class.</summary>
    public AnthropicStreamException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="AnthropicStreamException"/> class.</summary>
    public AnthropicStreamException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="AnthropicStreamException"/> class.</summary>
    public AnthropicStreamException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="AnthropicStreamException"/> class.</summary>
    public AnthropicStreamException(string errorType, string message)
        : base(message)
    {
        ErrorType = errorType;
    }

    /// <summary>Gets the error type, e.g. <c>overloaded_error</c>.</summary>
    public string? ErrorType { get; }
}
