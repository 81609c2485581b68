using System.Numerics;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Switchboard.Agents.Tools;

/// <summary>Reads one integer type from a JSON number with no fractional part, however it is written.</summary>
/// <typeparam name="T">The integer type.</typeparam>
internal sealed class WholeNumberConverter<T> : JsonConverter<T>
    where T : struct, IBinaryInteger<T>
{
    public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.Number)
        {
            throw new JsonException($"Expected a number, got {reader.TokenType}.");
        }

        try
        {
            if (reader.TryGetInt64(out var integer))
            {
                return T.CreateChecked(integer);
            }

            if (reader.TryGetUInt64(out var unsigned))
            {
                return T.CreateChecked(unsigned);
            }

            var text = reader.HasValueSequence ? System.Buffers.BuffersExtensions.ToArray(reader.ValueSequence) : reader.ValueSpan;
            if (JsonWholeNumbers.IsWhole(text))
            {
                // Whole, but beyond long and ulong (1e20): a decimal holds it exactly if anything does, else out of range.
                return reader.TryGetDecimal(out var number) ? T.CreateChecked(decimal.Truncate(number)) : throw new OverflowException();
            }
        }
        catch (OverflowException exception)
        {
            throw new JsonException("The number is out of range.", exception);
        }

        throw new JsonException("Expected a whole number.");
    }

    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (T.IsNegative(value))
        {
            writer.WriteNumberValue(long.CreateChecked(value));
        }
        else
        {
            writer.WriteNumberValue(ulong.CreateChecked(value));
        }
    }
}
