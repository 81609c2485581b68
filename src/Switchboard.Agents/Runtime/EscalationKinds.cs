namespace Switchboard.Agents.Runtime;

/// <summary>The kinds of <see cref="EscalationDecision"/>: why a conversation went to a person, in a word.</summary>
public static class EscalationKinds
{
    /// <summary>The customer asked for a person.</summary>
    public const string HumanRequest = "human_request";

    /// <summary>The message's sentiment was at or below the agent's threshold.</summary>
    public const string NegativeSentiment = "negative_sentiment";

    /// <summary>The router sent the message to <c>human</c> or to an escalation intent (a complaint).</summary>
    public const string Routed = "routed";

    /// <summary>The bot could not answer enough turns in a row.</summary>
    public const string FailedTurns = "failed_turns";

    /// <summary>The agent handed over itself, with the <c>handoff_to_human</c> tool.</summary>
    public const string AgentRequest = "agent_request";
}
