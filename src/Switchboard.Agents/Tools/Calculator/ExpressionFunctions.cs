using System.Globalization;

namespace Switchboard.Agents.Tools.Calculator;

/// <summary>The constants and functions of <see cref="ExpressionCalculator"/>.</summary>
internal static class ExpressionFunctions
{
    /// <summary>Gets the value of constant <paramref name="name"/> (lower case).</summary>
    public static double GetConstant(string name, int position) => name switch
    {
        "pi" or "π" => Math.PI,
        "e" => Math.E,
        _ when IsFunction(name) => throw new ExpressionException(Format($"Function '{name}' at position {position} needs parentheses, e.g. {name}(2)."), position),
        _ => throw new ExpressionException(Format($"Unknown constant '{name}' at position {position}."), position),
    };

    /// <summary>Calls function <paramref name="name"/> (lower case) with <paramref name="arguments"/>.</summary>
    public static double Call(string name, List<double> arguments, int position)
    {
        var result = name switch
        {
            "sqrt" => Unary(Math.Sqrt),
            "abs" => Unary(Math.Abs),
            "floor" => Unary(Math.Floor),
            "ceil" => Unary(Math.Ceiling),
            "ln" => Unary(Math.Log),
            "exp" => Unary(Math.Exp),
            "sin" => Unary(Math.Sin),
            "cos" => Unary(Math.Cos),
            "tan" => Unary(Math.Tan),
            "log" => Arity(1, 2) == 1 ? Math.Log10(arguments[0]) : Math.Log(arguments[0], arguments[1]),
            "round" => Arity(1, 2) == 1 ? Math.Round(arguments[0], MidpointRounding.AwayFromZero) : Round(arguments[0], arguments[1], position),
            "min" => Aggregate(values => values.Min()),
            "max" => Aggregate(values => values.Max()),
            _ => throw new ExpressionException(Format($"Unknown function '{name}' at position {position}."), position),
        };

        return double.IsFinite(result)
            ? result
            : throw new ExpressionException(
                Format($"{name}({string.Join(", ", arguments.Select(argument => argument.ToString(CultureInfo.InvariantCulture)))}) at position {position} is not a finite number."),
                position);

        double Unary(Func<double, double> function)
        {
            Arity(1, 1);
            return function(arguments[0]);
        }

        double Aggregate(Func<List<double>, double> function)
        {
            Arity(1, int.MaxValue);
            return function(arguments);
        }

        int Arity(int min, int max)
        {
            if (arguments.Count < min || arguments.Count > max)
            {
                var expected = min == max ? $"{min}" : max == int.MaxValue ? $"at least {min}" : $"{min} or {max}";
                throw new ExpressionException(
                    Format($"Function '{name}' at position {position} takes {expected} argument(s), got {arguments.Count}."), position);
            }

            return arguments.Count;
        }
    }

    private static bool IsFunction(string name) =>
        name is "sqrt" or "abs" or "floor" or "ceil" or "ln" or "exp" or "sin" or "cos" or "tan" or "log" or "round" or "min" or "max";

    private static double Round(double value, double digits, int position)
    {
        if (!double.IsInteger(digits) || digits is < -15 or > 15)
        {
            throw new ExpressionException(Format($"round() at position {position} needs whole-number digits from -15 to 15."), position);
        }

        if (digits >= 0)
        {
            return Math.Round(value, (int)digits, MidpointRounding.AwayFromZero);
        }

        // Math.Round takes no negative digits: round(1234, -2) is 1200.
        var scale = Math.Pow(10, -digits);
        return Math.Round(value / scale, MidpointRounding.AwayFromZero) * scale;
    }

    private static string Format(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
