using System.Collections.Concurrent;
using Switchboard.Abstractions.Governance;

namespace Switchboard.Gateway.Governance;

/// <summary>Starts each budget counter, once per process, from what the ledger recorded before the process started.</summary>
public sealed partial class BudgetChatClient
{
    /// <summary>The most counters remembered as started; past it the set starts again (a repeat start changes nothing).</summary>
    private const int MaxSeededCounters = 65_536;

    private readonly IBudgetSpendSource? _spend;
    // Lazy: GetOrAdd may run its factory more than once when calls race, and only the stored Lazy is ever started.
    private readonly ConcurrentDictionary<string, Lazy<Task<bool>>> _seeded = new(StringComparer.Ordinal);

    /// <summary>Whether every counter of <paramref name="budgets"/> has been started from the ledger in this process.</summary>
    private bool Seeded(AppliedBudget[] budgets)
    {
        if (_spend is null)
        {
            return true;
        }

        foreach (var budget in budgets)
        {
            if (budget.Scope != BudgetScope.AgentRun && !(_seeded.TryGetValue(budget.Key, out var seeding) && seeding.IsValueCreated && seeding.Value is { IsCompletedSuccessfully: true, Result: true }))
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

            var seeding = _seeded.GetOrAdd(
                budget.Key,
                static (_, state) => new Lazy<Task<bool>>(() => state.Client.SeedOneAsync(state.Budget, state.Tenant)),
                (Client: this, Budget: budget, Tenant: tenant));
            if (!await seeding.Value.WaitAsync(cancellationToken).ConfigureAwait(false))
            {
                // Only this failed read is forgotten, never a newer one another call has started since. The call is
                // refused: charged now, the counter would exist, and a later read could no longer add what the ledger
                // holds, so the budget would start from zero for the rest of its window.
                _seeded.TryRemove(KeyValuePair.Create(budget.Key, seeding));
                throw new BudgetUnavailableException(
                    $"The spend of the {budget.Name} so far could not be read from the ledger, so the call was refused rather than let through uncounted. Try again shortly.");
            }
        }
    }

    /// <summary>Starts one counter; false when the ledger could not be read.</summary>
    private async Task<bool> SeedOneAsync(AppliedBudget budget, string tenant)
    {
        await Task.Yield(); // not inside Lazy.Value
        try
        {
            // Not the caller's token: other calls of the same counter wait for this read.
            var spent = await _spend!.SpentNanoAsync(budget.Scope, tenant, budget.Id, budget.WindowStart, CancellationToken.None).ConfigureAwait(false);
            await _counters.SeedAsync(new CounterCharge(budget.Key, spent, budget.LimitNano, budget.ExpiresAt), CancellationToken.None).ConfigureAwait(false);
            return true;
        }
        catch (Exception exception)
        {
            // The call is refused (SeedAsync); the next call of the counter reads again.
            LogSeedFailed(exception, budget.Name);
            return false;
        }
    }
}
