using Switchboard.Agents.Runtime;
using Switchboard.Server.Conversations;

namespace Switchboard.Server.Agents;

/// <summary>How agent events look on the wire (an SSE event's data, or an item of <c>events</c>).</summary>
internal static class AgentEventJson
{
    public static object From(AgentEvent e) => e switch
    {
        MessageStoredEvent m => new { type = e.Type, message = MessageDto.From(m.Message) },
        TextDeltaEvent t => new { type = e.Type, agent = t.Agent, text = t.Text },
        ToolCallEvent c => new { type = e.Type, agent = c.Agent, call_id = c.CallId, tool = c.Tool, arguments = c.Arguments },
        ToolResultEvent r => new { type = e.Type, agent = r.Agent, call_id = r.CallId, tool = r.Tool, status = r.Status, result = r.Result, duration_ms = r.DurationMs, cached = r.Cached },
        HandoffEvent h => new { type = e.Type, from = h.From, to = h.To, reason = h.Reason, method = h.Method, confidence = h.Confidence },
        EscalationEvent x => new { type = e.Type, queue_item_id = x.QueueItemId, agent = x.Agent, reason = x.Reason, priority = x.Priority, team = x.Team },
        RunErrorEvent r => new { type = e.Type, code = r.Code, message = r.Message },
        RunCompletedEvent d => new { type = e.Type, agent = d.Agent, status = d.Status, reply = d.Reply },
        _ => new { type = e.Type },
    };
}
