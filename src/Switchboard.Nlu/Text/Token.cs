namespace Switchboard.Nlu.Text;

/// <summary>A token of normalised text.</summary>
/// <param name="Text">The token text.</param>
/// <param name="Start">Its offset in the normalised text.</param>
/// <param name="Kind">What it is made of.</param>
public readonly record struct Token(string Text, int Start, TokenKind Kind);
