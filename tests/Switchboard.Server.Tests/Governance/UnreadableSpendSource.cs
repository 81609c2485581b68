using Switchboard.Abstractions.Governance;

namespace Switchboard.Server.Tests.Governance;

/// <summary>A ledger whose budget reads fail until <see cref="Readable"/> is set; then it reports nothing spent.</summary>
internal sealed class UnreadableSpendSource : IBudgetSpendSource
{
    public bool Readable { get; set; }

    public ValueTask<long> SpentNanoAsync(BudgetScope scope, string tenantId, string id, DateTimeOffset from, CancellationToken cancellationToken) =>
        Readable ? ValueTask.FromResult(0L) : throw new Microsoft.Data.Sqlite.SqliteException("disk I/O error", 10);
}
