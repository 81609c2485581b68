namespace Switchboard.Abstractions.Access;

/// <summary>The append-only audit log: records are added and read, never changed or removed.</summary>
public interface IAuditLog
{
    /// <summary>Appends a record.</summary>
    Task AppendAsync(AuditRecord record, CancellationToken cancellationToken);

    /// <summary>Lists records newest first.</summary>
    Task<IReadOnlyList<AuditRecord>> QueryAsync(AuditQuery query, CancellationToken cancellationToken);
}
