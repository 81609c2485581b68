namespace Switchboard.Abstractions.Agents;

/// <summary>Stores the agent definitions managed through the admin API (as the text that was accepted).</summary>
public interface IAgentDefinitionStore
{
    /// <summary>Lists every stored definition, by name.</summary>
    Task<IReadOnlyList<StoredAgentDefinition>> ListAsync(CancellationToken cancellationToken);

    /// <summary>Creates or replaces a definition; returns true when it was created.</summary>
    Task<bool> SaveAsync(string name, string definition, CancellationToken cancellationToken);

    /// <summary>Deletes a definition; returns false when there was none.</summary>
    Task<bool> DeleteAsync(string name, CancellationToken cancellationToken);
}
