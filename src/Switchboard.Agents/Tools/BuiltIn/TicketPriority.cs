namespace Switchboard.Agents.Tools.BuiltIn;

/// <summary>How urgent a ticket or a handoff is.</summary>
public enum TicketPriority
{
    /// <summary>Low.</summary>
    Low,

    /// <summary>Normal.</summary>
    Normal,

    /// <summary>High.</summary>
    High,

    /// <summary>Urgent.</summary>
    Urgent,
}
