namespace Switchboard.Agents.Definitions;

/// <summary>A named set of agents with an entry agent: what a conversation starts with (presets are teams).</summary>
/// <param name="Name">The team's name.</param>
/// <param name="Description">What it does.</param>
/// <param name="Entry">The agent a new conversation starts with.</param>
/// <param name="Agents">Its agents.</param>
/// <param name="Source">The file it came from, or <c>preset:&lt;name&gt;</c>.</param>
public sealed record AgentTeam(string Name, string Description, string Entry, IReadOnlyList<AgentDefinition> Agents, string Source);
