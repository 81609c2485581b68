namespace Switchboard.Nlu.Slots;

/// <summary>
/// Folds text for slot matching without changing its length, so that every offset in the folded text is also an
/// offset in the original. <see cref="Text.TextNormalizer"/> cannot be used for this: NFKC and white-space collapsing
/// move characters around.
/// </summary>
internal static class SlotTextFolder
{
    /// <summary>
    /// Maps full-width ASCII forms to ASCII, the ideographic and no-break spaces to a space, full-width yen and pound
    /// signs and Unicode dashes to their ASCII counterparts, and lower-cases every other character (invariant).
    /// </summary>
    public static string Fold(string text) =>
        string.Create(text.Length, text, static (span, source) =>
        {
            for (var index = 0; index < source.Length; index++)
            {
                span[index] = FoldCharacter(source[index]);
            }
        });

    private static char FoldCharacter(char character) => character switch
    {
        >= '\uFF01' and <= '\uFF5E' => char.ToLowerInvariant((char)(character - 0xFEE0)),
        '\u3000' or '\u00A0' => ' ',
        '\uFFE5' => '\u00A5',
        '\uFFE1' => '\u00A3',
        >= '\u2010' and <= '\u2015' or '\u2212' => '-',
        _ => char.ToLowerInvariant(character),
    };
}
