namespace Switchboard.Nlu.Slots;

/// <summary>A typed value found in a text, such as an order number, an e-mail address or a date.</summary>
/// <param name="Type">The slot type, one of the constants of <see cref="SlotTypes"/>.</param>
/// <param name="Text">The matched text exactly as it appears in the original input (full-width characters included).</param>
/// <param name="Start">The UTF-16 offset of the match in the original input.</param>
/// <param name="Length">The UTF-16 length of the match in the original input.</param>
/// <param name="Value">The canonical value; its form depends on <paramref name="Type"/> (see <see cref="SlotTypes"/>).</param>
public sealed record Slot(string Type, string Text, int Start, int Length, string Value);
