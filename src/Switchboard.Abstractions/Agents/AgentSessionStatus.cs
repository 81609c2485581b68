namespace Switchboard.Abstractions.Agents;

/// <summary>The values of <see cref="AgentSession.Status"/>.</summary>
public static class AgentSessionStatus
{
    /// <summary>The bot answers.</summary>
    public const string Active = "active";

    /// <summary>Waiting in the handoff queue for a person; the bot is silent.</summary>
    public const string Escalated = "escalated";

    /// <summary>An operator owns the conversation; the bot is silent.</summary>
    public const string Human = "human";

    /// <summary>An operator resolved the conversation; a new user message returns it to the bot.</summary>
    public const string Resolved = "resolved";
}
