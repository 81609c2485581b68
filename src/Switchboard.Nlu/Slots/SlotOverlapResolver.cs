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

        // One flag per character: checking a candidate costs its length, not the number already chosen, so a long
        // text with many candidates stays linear.
        var end = 0;
        foreach (var candidate in candidates)
        {
            end = Math.Max(end, candidate.Slot.Start + candidate.Slot.Length);
        }

        var taken = new bool[end];
        var chosen = new List<Slot>(candidates.Count);
        foreach (var candidate in candidates)
        {
            var slot = candidate.Slot;
            if (taken.AsSpan(slot.Start, slot.Length).Contains(true))
            {
                continue;
            }

            taken.AsSpan(slot.Start, slot.Length).Fill(true);
            chosen.Add(slot);
        }

        chosen.Sort(static (left, right) => left.Start.CompareTo(right.Start));
        return chosen;
    }
}
