namespace Switchboard.Agents.Runtime;

/// <summary>Something that happened while an agent handled a user message; streamed to the client as it happens.</summary>
public abstract record AgentEvent
{
    /// <summary>Gets the event's type as clients see it (the SSE event name), e.g. <c>tool.call</c>.</summary>
    public abstract string Type { get; }
}
