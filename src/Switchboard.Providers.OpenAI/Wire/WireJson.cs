using System.Text.Encodings.Web;
using System.Text.Json;

namespace Switchboard.Providers.OpenAI.Wire;

/// <summary>JSON writer settings for wire output.</summary>
public static class WireJson
{
    /// <summary>
    /// Gets writer options that leave non-ASCII text (Chinese, emoji) and quotes unescaped, as the providers do: the
    /// output is smaller and readable. It is never embedded in HTML, so HTML-safe escaping buys nothing.
    /// </summary>
    public static JsonWriterOptions WriterOptions { get; } = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        SkipValidation = true,
    };
}
