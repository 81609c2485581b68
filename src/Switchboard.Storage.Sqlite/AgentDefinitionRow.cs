namespace Switchboard.Storage.Sqlite;

/// <summary>A row of <c>agent_definitions</c>.</summary>
internal sealed class AgentDefinitionRow
{
    public string Name { get; set; } = string.Empty;

    public string Definition { get; set; } = string.Empty;

    public long CreatedAt { get; set; }

    public long UpdatedAt { get; set; }
}
