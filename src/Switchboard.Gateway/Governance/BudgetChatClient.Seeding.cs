using System.Collections.Concurrent;
using Switchboard.Abstractions.Governance;

namespace Switchboard.Gateway.Governance;

/// <summary>Starts each budget counter, once per process, from what the ledger recorded before the process started.</summary>
public sealed partial class BudgetChatClient
{
    /// <summary>The most counters remembered as started; past it the set starts again (a repeat start changes nothing).</summary>
    private const int MaxSeededCounters = 65_536;

    private readonly IBudgetSpendSource? _spend;
    private readonly ConcurrentDictionary<string, Task> _seeded = new(StringComparer.Ordinal);

    /// <summary>Whether every counter of <paramref name="budgets"/> has been started from the ledger in this process.</summary>
    private bool Seeded(AppliedBudget[] budgets)
    {
        if (_spend is null)
        {
            return true;
        }

        foreach (var budget in budgets)
        {
            if (budget.Scope != BudgetScope.AgentRun && !(_seeded.TryGetValue(budget.Key, out var seeding) && seeding.IsCompletedSuccessfully))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Starts the counters of <paramref name="budgets"/> that this process has not started yet from the ledger's recorded
    /// cost in their windows. Concurrent first calls of one counter share one read. The counter store only takes the
    /// value when the counter does not exist, so a repeated start never counts a cost twice.
    /// </summary>
    private async Task SeedAsync(AppliedBudget[] budgets, string tenant, CancellationToken cancellationToken)
    {
        if (_seeded.Count >= MaxSeededCounters)
        {
            _seeded.Clear();
        }

        foreach (var budget in budgets)
        {
            if (budget.Scope == BudgetScope.AgentRun)
            {
                continue;
            }

            var seeding = _seeded.GetOrAdd(budget.Key, _ => SeedOneAsync(budget, tenant));
            await seeding.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task SeedOneAsync(AppliedBudget budget, string tenant)
    {
        await Task.Yield(); // outside GetOrAdd's factory
        try
        {
            // Not the caller's token: other calls of the same counter wait for this read.
            var spent = await _spend!.SpentNanoAsync(budget.Scope, tenant, budget.Id, budget.WindowStart, CancellationToken.None).ConfigureAwait(false);
            await _counters.SeedAsync(new CounterCharge(budget.Key, spent, budget.LimitNano, budget.ExpiresAt), CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            // The call goes on from what this process has counted. The next call of the counter reads again, which
            // only helps while this process has not charged the counter yet (SeedAsync never overwrites a counter).
            _seeded.TryRemove(budget.Key, out _);
            LogSeedFailed(exception, budget.Name);
        }
    }
}
