using Switchboard.Abstractions.Access;

namespace Switchboard.Abstractions.Agents;

/// <summary>Stores the agent definitions managed through the admin API (as the text that was accepted).</summary>
public interface IAgentDefinitionStore
{
    /// <summary>Lists every stored definition, by name.</summary>
    Task<IReadOnlyList<StoredAgentDefinition>> ListAsync(CancellationToken cancellationToken);

    /// <summary>Creates or replaces a definition; returns true when it was created.</summary>
    /// <param name="name">The agent's name.</param>
    /// <param name="definition">The definition's text.</param>
    /// <param name="cancellationToken">Cancels the change.</param>
    /// <param name="audit">
    /// When given, makes the audit record of the change (told whether it created the definition); the record is
    /// written in the same transaction: the change is never kept without its record, nor the record without the change.
    /// </param>
    Task<bool> SaveAsync(string name, string definition, CancellationToken cancellationToken, Func<bool, AuditRecord>? audit = null);

    /// <summary>Deletes a definition; returns false when there was none (and writes no record).</summary>
    /// <param name="name">The agent's name.</param>
    /// <param name="cancellationToken">Cancels the change.</param>
    /// <param name="audit">
    /// When given, the audit record of the change, written in the same transaction: the change is never kept without
    /// its record, nor the record without the change.
    /// </param>
    Task<bool> DeleteAsync(string name, CancellationToken cancellationToken, AuditRecord? audit = null);
}
