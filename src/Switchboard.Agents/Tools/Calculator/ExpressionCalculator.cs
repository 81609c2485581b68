namespace Switchboard.Agents.Tools.Calculator;

/// <summary>
/// Evaluates arithmetic expressions with a parser of its own (nothing is compiled or executed). Supported:
/// numbers (<c>12</c>, <c>0.5</c>, <c>1.5e3</c>); <c>+ - * / %</c> (modulo, with the sign of the dividend); <c>^</c> (power,
/// right-associative and above unary minus, so <c>-2^2</c> is -4; <c>**</c> is accepted too); unary <c>+</c> and
/// <c>-</c>; parentheses; the constants <c>pi</c> and <c>e</c>; and the functions <c>sqrt</c>, <c>abs</c>,
/// <c>round(x)</c>, <c>round(x, digits)</c> (halves away from zero), <c>floor</c>, <c>ceil</c>, <c>min(a, b, …)</c>,
/// <c>max(a, b, …)</c>, <c>ln</c>, <c>log(x)</c> (base 10), <c>log(x, base)</c>, <c>sin</c>, <c>cos</c>, <c>tan</c>
/// (radians) and <c>exp</c>. Names are case-insensitive; parsing and formatting are culture-invariant.
/// </summary>
public static class ExpressionCalculator
{
    /// <summary>The longest expression accepted, in characters.</summary>
    public const int MaxLength = 1000;

    /// <summary>The deepest nesting of parentheses, signs, powers and function calls accepted.</summary>
    public const int MaxDepth = 100;

    /// <summary>Evaluates <paramref name="expression"/>.</summary>
    /// <param name="expression">The expression, for example <c>(3 + 5) * 2</c>.</param>
    /// <returns>The value, always a finite number.</returns>
    /// <exception cref="ExpressionException">
    /// The expression is empty, too long or too deeply nested, is not well formed, names an unknown function or constant,
    /// divides by zero, or has a result (or intermediate result) that is not a finite number.
    /// </exception>
    public static double Evaluate(string expression)
    {
        ArgumentNullException.ThrowIfNull(expression);
        if (expression.Length > MaxLength)
        {
            throw new ExpressionException($"Expression too long: {expression.Length} characters, at most {MaxLength} allowed.");
        }

        if (string.IsNullOrWhiteSpace(expression))
        {
            throw new ExpressionException("Expression is empty.");
        }

        return new ExpressionParser(expression).ParseAll();
    }
}
