using Switchboard.Server.Conversations;

namespace Switchboard.Server.Agents;

/// <summary>The answer to a message in an agent conversation: what was stored and what happened, in order.</summary>
/// <param name="ConversationId">The conversation.</param>
/// <param name="Agent">The agent that has the conversation now.</param>
/// <param name="Status">active (the bot answers), escalated (waiting for a person) or human (a person answers).</param>
/// <param name="Reply">The reply the customer sees; null while a person owns the conversation.</param>
/// <param name="Messages">Every message stored by this exchange, the user's first.</param>
/// <param name="Events">Handoffs, tool calls and results, escalations and the final state, in order.</param>
internal sealed record AgentExchangeDto(
    string ConversationId,
    string Agent,
    string Status,
    string? Reply,
    IReadOnlyList<MessageDto> Messages,
    IReadOnlyList<object> Events);
