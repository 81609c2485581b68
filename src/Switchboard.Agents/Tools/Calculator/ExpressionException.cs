namespace Switchboard.Agents.Tools.Calculator;

/// <summary>An arithmetic expression that cannot be evaluated: a syntax error, an unknown name or an undefined result.</summary>
public sealed class ExpressionException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="ExpressionException"/> class.</summary>
    public ExpressionException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ExpressionException"/> class.</summary>
    public ExpressionException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ExpressionException"/> class.</summary>
    public ExpressionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ExpressionException"/> class for a problem at one place.</summary>
    /// <param name="message">What is wrong; it should already name the position.</param>
    /// <param name="position">Where, as a 1-based character position in the expression.</param>
    public ExpressionException(string message, int position)
        : base(message)
    {
        Position = position;
    }

    /// <summary>Gets the 1-based character position of the problem; null when it concerns the expression as a whole.</summary>
    public int? Position { get; }
}
