namespace Switchboard.Nlu.Text;

/// <summary>What a token is made of.</summary>
public enum TokenKind
{
    /// <summary>A word of a space-delimited script (letters, digits, inner apostrophes).</summary>
    Word,

    /// <summary>A single character of a script written without spaces (Chinese, Japanese, Korean).</summary>
    Cjk,
}
