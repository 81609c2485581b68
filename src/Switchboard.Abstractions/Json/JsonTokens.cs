using System.Text.Json;

namespace Switchboard.Abstractions.Json;

/// <summary>
/// Forward-only reads of an upstream's JSON with <see cref="Utf8JsonReader"/>: no document is built. The readers are
/// lenient as a <see cref="JsonDocument"/> lookup was: a field of an unexpected type reads as absent and its value is
/// skipped, and when a field appears twice the last one wins. The JSON itself must be well-formed; a malformed value is
/// a <see cref="JsonException"/>, even inside a skipped field.
/// </summary>
public static class JsonTokens
{
    /// <summary>Moves to the next property name of the object the reader is in; false at the object's end.</summary>
    public static bool NextProperty(ref Utf8JsonReader reader) =>
        reader.Read() && reader.TokenType == JsonTokenType.PropertyName;

    /// <summary>Reads the value of the current property as a string, or skips it and returns null.</summary>
    public static string? ReadString(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.String)
        {
            return GetString(ref reader);
        }

        reader.Skip();
        return null;
    }

    /// <summary>
    /// Reads the string token the reader is on. The reader checks a string's UTF-8 only here, and reports bad bytes as
    /// an <see cref="InvalidOperationException"/>; they are malformed JSON like any other, so they are reported as such.
    /// </summary>
    public static string GetString(ref Utf8JsonReader reader)
    {
        try
        {
            return reader.GetString()!;
        }
        catch (InvalidOperationException exception)
        {
            throw Malformed(exception);
        }
    }

    /// <summary>Reads the value of the current property as a 64-bit integer, or skips it and returns null.</summary>
    public static long? ReadInt64(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var value))
        {
            return value;
        }

        reader.Skip();
        return null;
    }

    /// <summary>
    /// Reads the value of the current property as a token count: a whole number from 0 to <see cref="MaxCount"/>, or
    /// null (absent) for anything else. An upstream's negative or absurd count is not one; read as a number, it would
    /// make a call free, or overflow a budget counter, when it is priced.
    /// </summary>
    public static long? ReadCount(ref Utf8JsonReader reader) => IsCount(ReadInt64(ref reader));

    /// <summary>Returns <paramref name="value"/> when it is a plausible token count, else null (see <see cref="ReadCount"/>).</summary>
    public static long? IsCount(long? value) => value is >= 0 and <= MaxCount ? value : null;

    /// <summary>The largest token count taken from an upstream: 2⁴⁰, about 1.1 trillion, far beyond any call.</summary>
    public const long MaxCount = 1L << 40;

    /// <summary>Moves to the value of the current property; true when it is an object, else the value is skipped.</summary>
    public static bool StartObject(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.StartObject)
        {
            return true;
        }

        reader.Skip();
        return false;
    }

    /// <summary>Moves to the value of the current property; true when it is an array, else the value is skipped.</summary>
    public static bool StartArray(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.StartArray)
        {
            return true;
        }

        reader.Skip();
        return false;
    }

    /// <summary>Moves to the next element of the array the reader is in; false at the array's end.</summary>
    public static bool NextElement(ref Utf8JsonReader reader) =>
        reader.Read() && reader.TokenType != JsonTokenType.EndArray;

    /// <summary>
    /// Returns <paramref name="utf8"/> without a leading UTF-8 byte-order mark, which <see cref="Utf8JsonReader"/> does
    /// not skip (<see cref="JsonDocument"/>'s stream parsing did).
    /// </summary>
    public static ReadOnlySpan<byte> WithoutBom(ReadOnlySpan<byte> utf8) =>
        utf8.StartsWith("\uFEFF"u8) ? utf8[3..] : utf8;

    /// <summary>The same for memory, which <c>JsonDocument.Parse</c> keeps a reference to instead of copying.</summary>
    public static ReadOnlyMemory<byte> WithoutBom(ReadOnlyMemory<byte> utf8) =>
        utf8.Span.StartsWith("\uFEFF"u8) ? utf8[3..] : utf8;

    /// <summary>
    /// The <see cref="JsonException"/> for an <see cref="InvalidOperationException"/> the reader threw on malformed text:
    /// it checks a string's UTF-8, and an escaped name's UTF-16, only when asked to read or compare it. Readers catch
    /// the one to throw the other, so that bad JSON is reported one way.
    /// </summary>
    public static JsonException Malformed(InvalidOperationException exception) =>
        new("The JSON holds text that is not valid UTF-8 or UTF-16.", exception);

    /// <summary>Checks that nothing but white space follows the top-level value the reader has just closed.</summary>
    public static void End(ref Utf8JsonReader reader)
    {
        // The reader itself throws on a second value or stray bytes; a token here would be one all the same.
        if (reader.Read())
        {
            throw new JsonException("Unexpected data after the JSON value.");
        }
    }

    /// <summary>
    /// Returns whether a string or property name of well-formed JSON has escapes that spell a lone UTF-16 surrogate
    /// (<c>"\ud800"</c>). <see cref="JsonDocument"/> accepts such text and fails only when the string
    /// is decoded; a gateway that keeps values undecoded (extra fields, schemas, raw parts) would fail much later, while
    /// writing the upstream request, so request readers check the whole body up front. Bodies without a <c>\u</c>
    /// escape of the surrogate range, nearly all of them, cost one vectorised search.
    /// </summary>
    public static bool HoldsLoneSurrogate(ReadOnlySpan<byte> json)
    {
        if (!MayHoldSurrogateEscape(json))
        {
            return false;
        }

        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 256 });
        while (reader.Read())
        {
            if (reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName
                && reader.ValueIsEscaped
                && !reader.HasValueSequence
                && HasLoneSurrogate(reader.ValueSpan))
            {
                return true;
            }
        }

        return false;
    }

    private static bool MayHoldSurrogateEscape(ReadOnlySpan<byte> json)
    {
        while (json.IndexOf("\\u"u8) is var at and >= 0)
        {
            if (at + 3 < json.Length && json[at + 2] is (byte)'d' or (byte)'D' && json[at + 3] is >= (byte)'8' and <= (byte)'9' or >= (byte)'a' and <= (byte)'f' or >= (byte)'A' and <= (byte)'F')
            {
                return true;
            }

            json = json[(at + 2)..];
        }

        return false;
    }

    /// <summary>Walks a string's escapes in order (so that <c>\\ud800</c>, an escaped backslash, is not one).</summary>
    private static bool HasLoneSurrogate(ReadOnlySpan<byte> escaped)
    {
        var pendingHigh = false;
        for (var i = 0; i < escaped.Length; i++)
        {
            if (escaped[i] != (byte)'\\')
            {
                if (pendingHigh)
                {
                    return true;
                }

                continue;
            }

            if (escaped[i + 1] != (byte)'u')
            {
                if (pendingHigh)
                {
                    return true;
                }

                i++;
                continue;
            }

            var code = System.Buffers.Text.Utf8Parser.TryParse(escaped.Slice(i + 2, 4), out ushort value, out var consumed, 'x') && consumed == 4 ? value : -1;
            i += 5;
            if (code is >= 0xD800 and <= 0xDBFF)
            {
                if (pendingHigh)
                {
                    return true;
                }

                pendingHigh = true;
            }
            else if (code is >= 0xDC00 and <= 0xDFFF)
            {
                if (!pendingHigh)
                {
                    return true;
                }

                pendingHigh = false;
            }
            else if (pendingHigh)
            {
                return true;
            }
        }

        return pendingHigh;
    }
}
