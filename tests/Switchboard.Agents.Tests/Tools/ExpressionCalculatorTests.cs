using Switchboard.Agents.Tools.Calculator;

namespace Switchboard.Agents.Tests.Tools;

public sealed class ExpressionCalculatorTests
{
    [Theory]
    [InlineData("2 + 3 * 4", 14)]
    [InlineData("(2 + 3) * 4", 20)]
    [InlineData("10 - 4 - 3", 3)]
    [InlineData("100 / 10 / 5", 2)]
    [InlineData("2 * 3 % 4", 2)]
    [InlineData("17 % 5", 2)]
    [InlineData("-7 % 3", -1)]
    [InlineData("5.5 % 2", 1.5)]
    [InlineData("2 ^ 3 ^ 2", 512)]
    [InlineData("(2 ^ 3) ^ 2", 64)]
    [InlineData("2 ** 10", 1024)]
    [InlineData("-2 ^ 2", -4)]
    [InlineData("(-2) ^ 2", 4)]
    [InlineData("2 ^ -1", 0.5)]
    [InlineData("2 * -3", -6)]
    [InlineData("--3", 3)]
    [InlineData("+-+3", -3)]
    [InlineData("3 - -3", 6)]
    [InlineData("1 - 2 + 3", 2)]
    [InlineData("2 * 3 ^ 2", 18)]
    [InlineData("12×7", 84)]
    [InlineData("1024 ÷ 8", 128)]
    public void Evaluate_HonoursPrecedenceAndAssociativity(string expression, double expected)
    {
        Assert.Equal(expected, ExpressionCalculator.Evaluate(expression));
    }

    [Theory]
    [InlineData("1.5e3", 1500)]
    [InlineData("2.5E-2", 0.025)]
    [InlineData("1e+2", 100)]
    [InlineData(".5", 0.5)]
    [InlineData("5.", 5)]
    [InlineData("007", 7)]
    [InlineData("  42  ", 42)]
    public void Evaluate_ReadsNumberLiterals(string expression, double expected)
    {
        Assert.Equal(expected, ExpressionCalculator.Evaluate(expression));
    }

    [Theory]
    [InlineData("sqrt(144)", 12)]
    [InlineData("abs(-3.5)", 3.5)]
    [InlineData("round(2.5)", 3)]
    [InlineData("round(-2.5)", -3)]
    [InlineData("round(3.14159, 2)", 3.14)]
    [InlineData("round(1234, -2)", 1200)]
    [InlineData("floor(-1.5)", -2)]
    [InlineData("ceil(1.2)", 2)]
    [InlineData("min(4, -1, 7)", -1)]
    [InlineData("max(4, -1, 7)", 7)]
    [InlineData("max(2)", 2)]
    [InlineData("ln(e)", 1)]
    [InlineData("log(1000)", 3)]
    [InlineData("log(8, 2)", 3)]
    [InlineData("exp(0)", 1)]
    [InlineData("sin(0)", 0)]
    [InlineData("cos(0)", 1)]
    [InlineData("tan(0)", 0)]
    [InlineData("SQRT(16) + Abs(-1)", 5)]
    [InlineData("max(1, min(5, 3) * 2)", 6)]
    [InlineData("sqrt(3 ^ 2 + 4 ^ 2)", 5)]
    public void Evaluate_CallsFunctions(string expression, double expected)
    {
        Assert.Equal(expected, ExpressionCalculator.Evaluate(expression), 12);
    }

    [Fact]
    public void Evaluate_KnowsPiAndE()
    {
        Assert.Equal(Math.PI, ExpressionCalculator.Evaluate("pi"));
        Assert.Equal(Math.E, ExpressionCalculator.Evaluate("E"));
        Assert.Equal(2 * Math.PI, ExpressionCalculator.Evaluate("2 * π"));
        Assert.Equal(-1, ExpressionCalculator.Evaluate("cos(pi)"), 12);
    }

    [Fact]
    public void Evaluate_IsCultureInvariant()
    {
        var original = Thread.CurrentThread.CurrentCulture;
        try
        {
            Thread.CurrentThread.CurrentCulture = new System.Globalization.CultureInfo("de-DE");
            Assert.Equal(3.75, ExpressionCalculator.Evaluate("1.25 * 3"));
        }
        finally
        {
            Thread.CurrentThread.CurrentCulture = original;
        }
    }

    [Theory]
    [InlineData("(1 + 2))", "Unexpected ')' at position 8.", 8)]
    [InlineData("2 + * 3", "Unexpected '*' at position 5.", 5)]
    [InlineData("2 3", "Unexpected '3' at position 3.", 3)]
    [InlineData("2 +", "Unexpected end of expression.", 4)]
    [InlineData("(1 + 2", "Missing ')' for the '(' at position 1.", 1)]
    [InlineData("max(1, 2", "Missing ')' for the '(' at position 4.", 4)]
    [InlineData("(1 2)", "Expected ')' but found '2' at position 4.", 4)]
    [InlineData("2 # 3", "Unexpected character '#' at position 3.", 3)]
    [InlineData("2(3)", "Unexpected '(' at position 2.", 2)]
    [InlineData("2e", "Unexpected 'e' at position 2.", 2)]
    [InlineData("1.2.3", "Unexpected '.3' at position 4.", 4)]
    [InlineData("foo(1)", "Unknown function 'foo' at position 1.", 1)]
    [InlineData("1 + x", "Unknown constant 'x' at position 5.", 5)]
    [InlineData("sqrt + 1", "Function 'sqrt' at position 1 needs parentheses, e.g. sqrt(2).", 1)]
    [InlineData("sqrt(1, 2)", "Function 'sqrt' at position 1 takes 1 argument(s), got 2.", 1)]
    [InlineData("log(1, 2, 3)", "Function 'log' at position 1 takes 1 or 2 argument(s), got 3.", 1)]
    [InlineData("round(1.5, 0.5)", "round() at position 1 needs whole-number digits from -15 to 15.", 1)]
    [InlineData("max()", "Unexpected ')' at position 5.", 5)]
    public void Evaluate_ReportsSyntaxAndNameErrorsWithTheirPosition(string expression, string message, int position)
    {
        var error = Assert.Throws<ExpressionException>(() => ExpressionCalculator.Evaluate(expression));

        Assert.Equal(message, error.Message);
        Assert.Equal(position, error.Position);
    }

    [Theory]
    [InlineData("1 / 0", "Division by zero at position 3.")]
    [InlineData("5 / (2 - 2)", "Division by zero at position 3.")]
    [InlineData("5 % 0", "Modulo by zero at position 3.")]
    public void Evaluate_RefusesToDivideByZero(string expression, string message)
    {
        Assert.Equal(message, Assert.Throws<ExpressionException>(() => ExpressionCalculator.Evaluate(expression)).Message);
    }

    [Theory]
    [InlineData("sqrt(-4)", "sqrt(-4) at position 1 is not a finite number.")]
    [InlineData("ln(0)", "ln(0) at position 1 is not a finite number.")]
    [InlineData("log(10, 1)", "log(10, 1) at position 1 is not a finite number.")]
    [InlineData("10 ^ 400", "The result of '^' at position 4 is not a finite number.")]
    [InlineData("(-8) ^ (1/3)", "The result of '^' at position 6 is not a finite number.")]
    [InlineData("1e308 * 10", "The result of '*' at position 7 is not a finite number.")]
    [InlineData("1 / (10 ^ 400)", "The result of '^' at position 9 is not a finite number.")]
    [InlineData("1e999", "Number '1e999' at position 1 is too large.")]
    public void Evaluate_RefusesResultsThatAreNotFinite(string expression, string message)
    {
        Assert.Equal(message, Assert.Throws<ExpressionException>(() => ExpressionCalculator.Evaluate(expression)).Message);
    }

    [Fact]
    public void Evaluate_AcceptsNestingUpToTheCap()
    {
        var depth = ExpressionCalculator.MaxDepth - 1;
        var expression = new string('(', depth) + "1" + new string(')', depth);

        Assert.Equal(1, ExpressionCalculator.Evaluate(expression));
    }

    [Theory]
    [InlineData("(", ")")]
    [InlineData("-", "")]
    [InlineData("sqrt(", ")")]
    public void Evaluate_RefusesNestingBeyondTheCap(string open, string close)
    {
        var levels = ExpressionCalculator.MaxDepth + 50;
        var expression = string.Concat(Enumerable.Repeat(open, levels)) + "1" + string.Concat(Enumerable.Repeat(close, levels));

        var error = Assert.Throws<ExpressionException>(() => ExpressionCalculator.Evaluate(expression));

        Assert.StartsWith("Expression nested too deeply (more than 100 levels)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_RefusesALongPowerChainByDepthNotByStackOverflow()
    {
        var expression = string.Join("^", Enumerable.Repeat("1", 400));

        Assert.Throws<ExpressionException>(() => ExpressionCalculator.Evaluate(expression));
    }

    [Fact]
    public void Evaluate_RefusesAnExpressionOverTheLengthLimit()
    {
        var fits = "1" + string.Concat(Enumerable.Repeat("+1", (ExpressionCalculator.MaxLength - 1) / 2));
        Assert.Equal(500, ExpressionCalculator.Evaluate(fits));

        var error = Assert.Throws<ExpressionException>(() => ExpressionCalculator.Evaluate(new string('1', ExpressionCalculator.MaxLength + 1)));
        Assert.Equal("Expression too long: 1001 characters, at most 1000 allowed.", error.Message);
        Assert.Null(error.Position);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Evaluate_RefusesAnEmptyExpression(string expression)
    {
        Assert.Equal("Expression is empty.", Assert.Throws<ExpressionException>(() => ExpressionCalculator.Evaluate(expression)).Message);
    }
}
