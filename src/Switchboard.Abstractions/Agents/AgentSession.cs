namespace Switchboard.Abstractions.Agents;

/// <summary>The agent runtime's state of one conversation.</summary>
/// <param name="ConversationId">The conversation.</param>
/// <param name="CurrentAgent">The agent that answers the next message.</param>
/// <param name="Status">Who owns the conversation: see <see cref="AgentSessionStatus"/>.</param>
/// <param name="FailedTurns">Consecutive turns the bot could not answer; reset by an answered turn.</param>
/// <param name="UpdatedAt">When the state last changed.</param>
public sealed record AgentSession(
    string ConversationId,
    string CurrentAgent,
    string Status,
    int FailedTurns,
    DateTimeOffset UpdatedAt);
