using System.Globalization;
using System.Text.Json;

namespace Switchboard.Agents.Tools.Calculator;

/// <summary>
/// The <c>calculator</c> tool: evaluates an arithmetic expression with <see cref="ExpressionCalculator"/>, so the model
/// does not do arithmetic itself. An expression that cannot be evaluated comes back to the model as a
/// <see cref="ToolException"/> naming the problem and its position.
/// </summary>
public sealed class CalculatorTool : AgentTool
{
    private static readonly JsonElement Schema = JsonElement.Parse(
        $$"""
        {
          "type": "object",
          "properties": {
            "expression": {
              "type": "string",
              "description": "The arithmetic expression, e.g. (12.5 + 3) * 4 or sqrt(2) / 2. No units, words or thousands separators.",
              "minLength": 1,
              "maxLength": {{ExpressionCalculator.MaxLength}}
            }
          },
          "required": ["expression"],
          "additionalProperties": false
        }
        """);

    private static readonly string[] ExampleUtterances =
    [
        "calculate 12 * 7",
        "what's 1024 / 8",
        "how much is (19.99 + 5) * 3",
        "what is the square root of 144",
        "what is 2 to the power of 10",
        "帮我算一下 25*4",
        "计算 (3 + 5) * 2",
        "1500 除以 12 等于多少",
    ];

    /// <inheritdoc/>
    public override string Name => "calculator";

    /// <inheritdoc/>
    public override string Description =>
        "Evaluates an arithmetic expression and returns its value. Use it for any arithmetic instead of working it out yourself. "
        + "Supports + - * / % (modulo) ^ (power), parentheses, the constants pi and e, and the functions sqrt, abs, round(x) or "
        + "round(x, digits), floor, ceil, min(a, b, ...), max(a, b, ...), ln, log(x) (base 10) or log(x, base), sin, cos, tan "
        + "(radians) and exp. Write 15% of 80 as 0.15 * 80.";

    /// <inheritdoc/>
    public override JsonElement JsonSchema => Schema;

    /// <inheritdoc/>
    public override IReadOnlyList<string> Examples => ExampleUtterances;

    /// <inheritdoc/>
    /// <remarks>The value depends on the expression alone.</remarks>
    public override bool Idempotent => true;

    /// <inheritdoc/>
    /// <returns>A <see cref="CalculationResult"/>.</returns>
    public override ValueTask<object?> InvokeAsync(ToolInvocation invocation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        var expression = GetString(invocation, "expression");
        try
        {
            var value = ExpressionCalculator.Evaluate(expression);
            return ValueTask.FromResult<object?>(new CalculationResult(expression, Tidy(value)));
        }
        catch (ExpressionException exception)
        {
            throw new ToolException(exception.Message, exception);
        }
    }

    // 15 significant digits hide binary-fraction noise (0.30000000000000004); adding 0.0 turns -0 into 0. Rounding the
    // largest doubles up (1.7976931348623157e308 to 1.79769313486232E+308) would overflow to infinity: keep them.
    private static double Tidy(double value) =>
        double.Parse(value.ToString("G15", CultureInfo.InvariantCulture), NumberStyles.Float, CultureInfo.InvariantCulture) is var tidy && double.IsFinite(tidy)
            ? tidy + 0.0
            : value;
}
