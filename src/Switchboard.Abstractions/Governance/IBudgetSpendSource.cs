namespace Switchboard.Abstractions.Governance;

/// <summary>
/// What a budget had spent before this process started counting it: the cost the ledger recorded for the budget's
/// owner in the budget's window. Budget counters kept in process memory start from it after a restart, so that a
/// redeploy does not hand every tenant, key, user, team and conversation a fresh allowance.
/// </summary>
public interface IBudgetSpendSource
{
    /// <summary>
    /// Returns the recorded cost, in nano-USD, of the calls of one budget owner that started at or after
    /// <paramref name="from"/>; 0 for an agent run (a run does not outlive the process that runs it).
    /// </summary>
    /// <param name="scope">The budget's scope.</param>
    /// <param name="tenantId">The tenant the owner belongs to.</param>
    /// <param name="id">The owner's id within the scope (the tenant id for a tenant budget).</param>
    /// <param name="from">The start of the budget's window; <see cref="DateTimeOffset.MinValue"/> for a total budget.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    ValueTask<long> SpentNanoAsync(BudgetScope scope, string tenantId, string id, DateTimeOffset from, CancellationToken cancellationToken);
}
