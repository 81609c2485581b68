using System.Collections.Concurrent;
using Switchboard.Abstractions.Governance;

namespace Switchboard.Gateway.Governance;

/// <summary>
/// The <see cref="AppliedBudget"/> of each key, user, team and tenant budget in its current window, made once per
/// window instead of on every call (each made a counter key and a window string). A budget whose window has passed is
/// made again on its next call. Budgets of conversations and agent runs are not kept: their ids rarely come back, and
/// the expiry of their total budgets moves with every charge.
/// </summary>
internal sealed class AppliedBudgetCache
{
    /// <summary>The most budgets remembered; past it the cache starts again (stale windows would pile up otherwise).</summary>
    public const int MaxBudgets = 16_384;

    private readonly ConcurrentDictionary<Budget, AppliedBudget> _budgets = new();

    /// <summary>Gets the number of budgets remembered.</summary>
    public int Count => _budgets.Count;

    /// <summary>Returns what <see cref="AppliedBudget.Create"/> returns for the same arguments, made earlier if it can.</summary>
    public AppliedBudget Get(BudgetScope scope, string id, BudgetPeriod period, decimal limitUsd, DateTimeOffset now, string? tenant = null)
    {
        if (scope is BudgetScope.Conversation or BudgetScope.AgentRun)
        {
            return AppliedBudget.Create(scope, id, period, limitUsd, now);
        }

        var budget = new Budget(scope, scope is BudgetScope.User or BudgetScope.Team ? tenant : null, id, period, limitUsd);

        // The scale too: 5.0 and 5.00 are one key here but would read differently in a refusal.
        if (_budgets.TryGetValue(budget, out var applied) && applied.IsCurrentAt(now) && applied.LimitUsd.Scale == limitUsd.Scale)
        {
            return applied;
        }

        if (_budgets.Count >= MaxBudgets)
        {
            _budgets.Clear();
        }

        applied = AppliedBudget.Create(scope, id, period, limitUsd, now, tenant);
        _budgets[budget] = applied;
        return applied;
    }

    private readonly record struct Budget(BudgetScope Scope, string? Tenant, string Id, BudgetPeriod Period, decimal LimitUsd);
}
