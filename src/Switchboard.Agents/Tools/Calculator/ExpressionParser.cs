using System.Globalization;

namespace Switchboard.Agents.Tools.Calculator;

/// <summary>
/// A recursive-descent parser that evaluates as it parses. Grammar, loosest first:
/// <code>
/// expression = term (("+" | "-") term)*
/// term       = unary (("*" | "/" | "%") unary)*
/// unary      = ("+" | "-") unary | power
/// power      = primary ("^" unary)?
/// primary    = number | name | name "(" expression ("," expression)* ")" | "(" expression ")"
/// </code>
/// </summary>
internal sealed class ExpressionParser
{
    private readonly string _text;
    private int _next;
    private int _depth;
    private ExpressionTokenKind _kind;
    private string _token = string.Empty;
    private int _position;
    private double _number;

    public ExpressionParser(string text)
    {
        _text = text;
        Advance();
    }

    /// <summary>Evaluates the whole expression.</summary>
    public double ParseAll()
    {
        var value = ParseExpression();
        if (_kind != ExpressionTokenKind.End)
        {
            throw Unexpected();
        }

        return value;
    }

    private double ParseExpression()
    {
        var value = ParseTerm();
        while (IsSymbol("+") || IsSymbol("-"))
        {
            var (symbol, position) = TakeSymbol();
            var right = ParseTerm();
            value = Finite(symbol == "+" ? value + right : value - right, symbol, position);
        }

        return value;
    }

    private double ParseTerm()
    {
        var value = ParseUnary();
        while (IsSymbol("*") || IsSymbol("/") || IsSymbol("%"))
        {
            var (symbol, position) = TakeSymbol();
            var right = ParseUnary();
            if (symbol != "*" && right == 0)
            {
                throw new ExpressionException(
                    string.Create(CultureInfo.InvariantCulture, $"{(symbol == "/" ? "Division" : "Modulo")} by zero at position {position}."), position);
            }

            value = Finite(symbol switch { "*" => value * right, "/" => value / right, _ => value % right }, symbol, position);
        }

        return value;
    }

    private double ParseUnary()
    {
        if (++_depth > ExpressionCalculator.MaxDepth)
        {
            throw new ExpressionException(
                string.Create(CultureInfo.InvariantCulture, $"Expression nested too deeply (more than {ExpressionCalculator.MaxDepth} levels) at position {_position}."),
                _position);
        }

        double value;
        if (IsSymbol("+") || IsSymbol("-"))
        {
            var (symbol, _) = TakeSymbol();
            var operand = ParseUnary();
            value = symbol == "-" ? -operand : operand;
        }
        else
        {
            value = ParsePower();
        }

        _depth--;
        return value;
    }

    private double ParsePower()
    {
        var value = ParsePrimary();
        if (!IsSymbol("^"))
        {
            return value;
        }

        var (symbol, position) = TakeSymbol();

        // The exponent is a unary: right-associative (2^3^2 = 2^9) and signed (2^-1).
        var exponent = ParseUnary();
        return Finite(Math.Pow(value, exponent), symbol, position);
    }

    private double ParsePrimary()
    {
        switch (_kind)
        {
            case ExpressionTokenKind.Number:
                var number = _number;
                Advance();
                return number;
            case ExpressionTokenKind.Name:
                var name = _token.ToLowerInvariant();
                var position = _position;
                Advance();
                return IsSymbol("(") ? CallFunction(name, position) : ExpressionFunctions.GetConstant(name, position);
            case ExpressionTokenKind.Symbol when _token == "(":
                var open = _position;
                Advance();
                var value = ParseExpression();
                ExpectClosing(open);
                return value;
            default:
                throw Unexpected();
        }
    }

    private double CallFunction(string name, int position)
    {
        var open = _position;
        Advance();
        var arguments = new List<double> { ParseExpression() };
        while (IsSymbol(","))
        {
            Advance();
            arguments.Add(ParseExpression());
        }

        ExpectClosing(open);
        return ExpressionFunctions.Call(name, arguments, position);
    }

    private void ExpectClosing(int open)
    {
        if (IsSymbol(")"))
        {
            Advance();
            return;
        }

        if (_kind == ExpressionTokenKind.End)
        {
            throw new ExpressionException(
                string.Create(CultureInfo.InvariantCulture, $"Missing ')' for the '(' at position {open}."), open);
        }

        throw new ExpressionException(
            string.Create(CultureInfo.InvariantCulture, $"Expected ')' but found '{_token}' at position {_position}."), _position);
    }

    private static double Finite(double value, string symbol, int position) =>
        double.IsFinite(value)
            ? value
            : throw new ExpressionException(
                string.Create(CultureInfo.InvariantCulture, $"The result of '{symbol}' at position {position} is not a finite number."), position);

    private bool IsSymbol(string symbol) => _kind == ExpressionTokenKind.Symbol && _token == symbol;

    private (string Symbol, int Position) TakeSymbol()
    {
        var taken = (_token, _position);
        Advance();
        return taken;
    }

    private ExpressionException Unexpected() =>
        _kind == ExpressionTokenKind.End
            ? new ExpressionException("Unexpected end of expression.", _position)
            : new ExpressionException(string.Create(CultureInfo.InvariantCulture, $"Unexpected '{_token}' at position {_position}."), _position);

    /// <summary>Reads the next token into <see cref="_kind"/>, <see cref="_token"/>, <see cref="_position"/> and <see cref="_number"/>.</summary>
    private void Advance()
    {
        while (_next < _text.Length && char.IsWhiteSpace(_text[_next]))
        {
            _next++;
        }

        var start = _next;
        _position = start + 1;
        if (start == _text.Length)
        {
            _kind = ExpressionTokenKind.End;
            _token = string.Empty;
            return;
        }

        var c = _text[start];
        if (char.IsAsciiDigit(c) || (c == '.' && start + 1 < _text.Length && char.IsAsciiDigit(_text[start + 1])))
        {
            ReadNumber(start);
        }
        else if (char.IsLetter(c))
        {
            while (_next < _text.Length && (char.IsLetterOrDigit(_text[_next]) || _text[_next] == '_'))
            {
                _next++;
            }

            _kind = ExpressionTokenKind.Name;
            _token = _text[start.._next];
        }
        else
        {
            _kind = ExpressionTokenKind.Symbol;
            _next++;
            _token = c switch
            {
                '*' when _next < _text.Length && _text[_next] == '*' => Skip("^"),
                '+' or '-' or '*' or '/' or '%' or '^' or '(' or ')' or ',' => c.ToString(),
                '×' or '·' => "*",
                '÷' => "/",
                '−' => "-",
                _ => throw new ExpressionException(
                    string.Create(CultureInfo.InvariantCulture, $"Unexpected character '{c}' at position {_position}."), _position),
            };
        }
    }

    private string Skip(string token)
    {
        _next++;
        return token;
    }

    private void ReadNumber(int start)
    {
        SkipDigits();
        if (_next < _text.Length && _text[_next] == '.')
        {
            _next++;
            SkipDigits();
        }

        // An exponent only when digits follow, so "2e" stays the number 2 then the constant e.
        if (_next < _text.Length && (_text[_next] is 'e' or 'E'))
        {
            var mark = _next + 1;
            if (mark < _text.Length && _text[mark] is '+' or '-')
            {
                mark++;
            }

            if (mark < _text.Length && char.IsAsciiDigit(_text[mark]))
            {
                _next = mark;
                SkipDigits();
            }
        }

        _kind = ExpressionTokenKind.Number;
        _token = _text[start.._next];
        _number = double.Parse(_token, NumberStyles.Float, CultureInfo.InvariantCulture);
        if (!double.IsFinite(_number))
        {
            throw new ExpressionException(string.Create(CultureInfo.InvariantCulture, $"Number '{_token}' at position {_position} is too large."), _position);
        }
    }

    private void SkipDigits()
    {
        while (_next < _text.Length && char.IsAsciiDigit(_text[_next]))
        {
            _next++;
        }
    }
}
