using Switchboard.Abstractions.Conversations;

namespace Switchboard.Agents.Runtime;

/// <summary>A message was stored in the conversation (the user's, an agent's reply, or a tool result).</summary>
/// <param name="Message">The stored message.</param>
public sealed record MessageStoredEvent(ConversationMessage Message) : AgentEvent
{
    /// <inheritdoc />
    public override string Type => "message";
}
