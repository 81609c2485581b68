using System.Text.Json;

namespace Switchboard.Agents.Tools;

/// <summary>One call of a tool.</summary>
/// <param name="ConversationId">The conversation the call belongs to.</param>
/// <param name="Agent">The agent whose model called the tool.</param>
/// <param name="CallId">The call id the model assigned.</param>
/// <param name="Arguments">The arguments, a JSON object that passed the tool's schema.</param>
public sealed record ToolInvocation(string ConversationId, string Agent, string CallId, JsonElement Arguments);
