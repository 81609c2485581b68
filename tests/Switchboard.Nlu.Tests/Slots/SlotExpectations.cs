using Switchboard.Nlu.Slots;

namespace Switchboard.Nlu.Tests.Slots;

/// <summary>Shared assertions: every slot must point at its own text in the original input.</summary>
internal static class SlotExpectations
{
    /// <summary>A Wednesday, so "this", "next" and "last" weekdays fall on both sides of it.</summary>
    public static readonly DateOnly Today = new(2024, 3, 13);

    public static IReadOnlyList<Slot> Extract(string text, SlotExtractor? extractor = null)
    {
        var slots = (extractor ?? new SlotExtractor()).Extract(text, Today);
        foreach (var slot in slots)
        {
            Assert.Equal(slot.Text, text.Substring(slot.Start, slot.Length));
        }

        return slots;
    }

    public static Slot Single(string text, string type, SlotExtractor? extractor = null)
    {
        var slots = Extract(text, extractor);
        return Assert.Single(slots, slot => slot.Type == type);
    }
}
