namespace Switchboard.Abstractions.Agents;

/// <summary>The values of <see cref="QueueItem.Status"/>.</summary>
public static class QueueItemStatus
{
    /// <summary>Waiting for an operator.</summary>
    public const string Waiting = "waiting";

    /// <summary>An operator owns it.</summary>
    public const string Claimed = "claimed";

    /// <summary>An operator resolved it.</summary>
    public const string Resolved = "resolved";

    /// <summary>An operator gave it back to the bot.</summary>
    public const string Returned = "returned";
}
