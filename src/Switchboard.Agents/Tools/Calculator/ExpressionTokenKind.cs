namespace Switchboard.Agents.Tools.Calculator;

/// <summary>The kinds of token in an arithmetic expression.</summary>
internal enum ExpressionTokenKind
{
    /// <summary>A number literal.</summary>
    Number,

    /// <summary>A function or constant name.</summary>
    Name,

    /// <summary>One of <c>+ - * / % ^ ( ) ,</c>.</summary>
    Symbol,

    /// <summary>The end of the expression.</summary>
    End,
}
