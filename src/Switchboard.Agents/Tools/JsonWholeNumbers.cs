using System.Runtime.InteropServices;
using System.Text.Json;

namespace Switchboard.Agents.Tools;

/// <summary>
/// Whether a JSON number is whole, read from its text: <c>3</c>, <c>3.0</c>, <c>30e-1</c> and <c>1e30</c> are;
/// <c>2.5</c> and <c>1e-30</c> are not. Reading it as a decimal or a double first would round: <c>1e-30</c> reads as 0
/// and <c>2.99999999999999999999999999999</c> as 3, both whole.
/// </summary>
internal static class JsonWholeNumbers
{
    // An exponent beyond this moves every digit a number can have past the point; clamping keeps the arithmetic small.
    private const int MaxExponent = 1_000_000;

    /// <summary>Whether <paramref name="value"/> is a number with no fractional part.</summary>
    public static bool IsWhole(JsonElement value) =>
        value.ValueKind == JsonValueKind.Number && IsWhole(JsonMarshal.GetRawUtf8Value(value));

    /// <summary>Whether <paramref name="number"/>, the text of a valid JSON number, has no fractional part.</summary>
    public static bool IsWhole(ReadOnlySpan<byte> number)
    {
        var i = number.Length > 0 && number[0] == (byte)'-' ? 1 : 0;
        var integerStart = i;
        while (i < number.Length && char.IsAsciiDigit((char)number[i]))
        {
            i++;
        }

        var integer = number[integerStart..i];
        var fraction = ReadOnlySpan<byte>.Empty;
        if (i < number.Length && number[i] == (byte)'.')
        {
            var fractionStart = ++i;
            while (i < number.Length && char.IsAsciiDigit((char)number[i]))
            {
                i++;
            }

            fraction = number[fractionStart..i];
        }

        var exponent = 0;
        if (i < number.Length && (number[i] == (byte)'e' || number[i] == (byte)'E'))
        {
            i++;
            var negative = i < number.Length && number[i] == (byte)'-';
            if (i < number.Length && (number[i] == (byte)'-' || number[i] == (byte)'+'))
            {
                i++;
            }

            for (; i < number.Length && char.IsAsciiDigit((char)number[i]); i++)
            {
                exponent = Math.Min(MaxExponent, (exponent * 10) + (number[i] - (byte)'0'));
            }

            exponent = negative ? -exponent : exponent;
        }

        // The digits are integer then fraction; the point sits after `point` of them. Whole when every digit after the
        // point is a zero (when the point is before all of them, the number is zero).
        var point = integer.Length + exponent;
        for (var k = Math.Max(0, point); k < integer.Length + fraction.Length; k++)
        {
            var digit = k < integer.Length ? integer[k] : fraction[k - integer.Length];
            if (digit != (byte)'0')
            {
                return false;
            }
        }

        return true;
    }
}
