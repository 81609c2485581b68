namespace Switchboard.Abstractions.Conversations;

/// <summary>A tool call requested by an assistant message.</summary>
/// <param name="Id">The call id the model assigned.</param>
/// <param name="Name">The tool name.</param>
/// <param name="Arguments">The arguments as JSON text, exactly as the model produced them.</param>
public sealed record ToolCallRecord(string Id, string Name, string Arguments);
