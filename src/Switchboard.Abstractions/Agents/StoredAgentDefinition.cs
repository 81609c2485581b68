namespace Switchboard.Abstractions.Agents;

/// <summary>An agent definition managed through the admin API.</summary>
/// <param name="Name">The agent's name.</param>
/// <param name="Definition">The agent as YAML or JSON, exactly as it was accepted.</param>
/// <param name="CreatedAt">When it was first stored.</param>
/// <param name="UpdatedAt">When it was last replaced.</param>
public sealed record StoredAgentDefinition(string Name, string Definition, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);
