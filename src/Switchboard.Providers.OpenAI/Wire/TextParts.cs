using System.Text;

namespace Switchboard.Providers.OpenAI.Wire;

/// <summary>Joins the text parts of a message without copying when there is only one.</summary>
internal static class TextParts
{
    /// <summary>
    /// Adds a part to the text so far. Most messages have one part, which is kept as it is; from the second on the parts
    /// go into a builder, instead of each one being copied together with everything before it. Null and empty parts add
    /// nothing. The text is <c>many?.ToString() ?? single</c>.
    /// </summary>
    public static void Append(ref string? single, ref StringBuilder? many, string? part)
    {
        if (string.IsNullOrEmpty(part))
        {
            return;
        }

        if (many is not null)
        {
            many.Append(part);
        }
        else if (single is null)
        {
            single = part;
        }
        else
        {
            many = new StringBuilder(single.Length + part.Length).Append(single).Append(part);
        }
    }
}
