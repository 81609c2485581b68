namespace Switchboard.Abstractions.Agents;

/// <summary>The values of <see cref="QueueItem.Priority"/>, lowest first.</summary>
public static class QueuePriority
{
    /// <summary>Low.</summary>
    public const string Low = "low";

    /// <summary>Normal, the default.</summary>
    public const string Normal = "normal";

    /// <summary>High.</summary>
    public const string High = "high";

    /// <summary>Urgent.</summary>
    public const string Urgent = "urgent";

    /// <summary>Gets all values, lowest first.</summary>
    public static IReadOnlyList<string> All { get; } = [Low, Normal, High, Urgent];

    /// <summary>Returns a priority's rank, 0 for <see cref="Low"/> to 3 for <see cref="Urgent"/> (0 for an unknown value).</summary>
    public static int Rank(string? priority) => priority switch
    {
        Urgent => 3,
        High => 2,
        Normal => 1,
        _ => 0,
    };
}
