namespace Switchboard.Nlu.Slots;

/// <summary>Chooses among overlapping candidates: the longest wins, then the more specific type, then the earlier one.</summary>
internal static class SlotOverlapResolver
{
    /// <summary>Returns the chosen slots, sorted by start offset.</summary>
    public static List<Slot> Resolve(List<SlotCandidate> candidates)
    {
        candidates.Sort(static (left, right) =>
        {
            var byLength = right.Slot.Length.CompareTo(left.Slot.Length);
            if (byLength != 0)
            {
                return byLength;
            }

            var byPriority = right.Priority.CompareTo(left.Priority);
            return byPriority != 0 ? byPriority : left.Slot.Start.CompareTo(right.Slot.Start);
        });

        var chosen = new List<Slot>(candidates.Count);
        foreach (var candidate in candidates)
        {
            var slot = candidate.Slot;
            if (!chosen.Exists(taken => slot.Start < taken.Start + taken.Length && taken.Start < slot.Start + slot.Length))
            {
                chosen.Add(slot);
            }
        }

        chosen.Sort(static (left, right) => left.Start.CompareTo(right.Start));
        return chosen;
    }
}
