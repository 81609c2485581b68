using System.Collections.Frozen;
using Switchboard.Abstractions.Errors;
using Switchboard.Abstractions.Governance;

namespace Switchboard.Gateway.Governance;

/// <summary>Which budgets apply to a call, and the prices its worst case is taken at.</summary>
public sealed partial class BudgetChatClient
{
    /// <summary>Whether any budget or per-request limit may apply; allocates nothing.</summary>
    private bool Governs(ModelCallContext? context)
    {
        if (!_enabled)
        {
            return false;
        }

        if (_maxCostPerRequest is not null)
        {
            return true;
        }

        if (context is null)
        {
            return Limits(_tenants, ModelCallContext.DefaultTenant).Length > 0;
        }

        return context.Budgets.Count > 0
            || context.MaxCostPerRequest is not null
            || Limits(_tenants, context.TenantId).Length > 0
            || (context.TeamId is { } team && Limits(_teams, team).Length > 0)
            || (context.UserId is { } user && Limits(_users, user).Length > 0)
            || (context.ConversationId is not null && _conversation.Length > 0)
            || (context.AgentRunId is not null && _agentRun.Length > 0);
    }

    /// <summary>
    /// The budgets that apply, one per counter (a budget given twice keeps the lower limit), longest windows first, so
    /// that a refusal names the budget that stays exhausted longest.
    /// </summary>
    private AppliedBudget[] Collect(ModelCallContext? context, DateTimeOffset now)
    {
        var tenant = context?.TenantId ?? ModelCallContext.DefaultTenant;
        var own = context?.Budgets ?? [];
        var tenants = Limits(_tenants, tenant);
        var team = context?.TeamId;
        var teams = team is null ? s_none : Limits(_teams, team);
        var user = context?.UserId;
        var users = user is null ? s_none : Limits(_users, user);
        var conversation = context?.ConversationId;
        var conversations = conversation is null ? s_none : _conversation;
        var run = context?.AgentRunId;
        var runs = run is null ? s_none : _agentRun;
        var capacity = own.Count + tenants.Length + teams.Length + users.Length + conversations.Length + runs.Length;
        if (capacity == 0)
        {
            return [];
        }

        // Sized for the most that can apply; shortened only when a budget came twice.
        var applied = new AppliedBudget[capacity];
        var count = 0;
        if (context is not null)
        {
            for (var i = 0; i < own.Count; i++)
            {
                if (IdOf(own[i].Scope, context) is { } id)
                {
                    Add(applied, ref count, own[i], id, tenant, now);
                }
            }
        }

        AddAll(applied, ref count, tenants, tenant, tenant, now);
        AddAll(applied, ref count, teams, team, tenant, now);
        AddAll(applied, ref count, users, user, tenant, now);
        AddAll(applied, ref count, conversations, conversation, tenant, now);
        AddAll(applied, ref count, runs, run, tenant, now);
        if (count == 0)
        {
            return [];
        }

        if (count < capacity)
        {
            Array.Resize(ref applied, count);
        }

        SortLongestWindowFirst(applied);
        return applied;
    }

    /// <summary>Longest windows first, then by scope; an insertion sort, as a call has a handful of budgets.</summary>
    private static void SortLongestWindowFirst(AppliedBudget[] applied)
    {
        for (var i = 1; i < applied.Length; i++)
        {
            var budget = applied[i];
            var j = i - 1;
            while (j >= 0 && Compare(applied[j], budget) > 0)
            {
                applied[j + 1] = applied[j];
                j--;
            }

            applied[j + 1] = budget;
        }

        static int Compare(AppliedBudget a, AppliedBudget b) => a.Period != b.Period ? b.Period.CompareTo(a.Period) : a.Scope.CompareTo(b.Scope);
    }

    private void AddAll(AppliedBudget[] applied, ref int count, BudgetLimit[] limits, string? id, string tenant, DateTimeOffset now)
    {
        foreach (var limit in limits)
        {
            Add(applied, ref count, limit, id!, tenant, now);
        }
    }

    private void Add(AppliedBudget[] applied, ref int count, BudgetLimit limit, string id, string tenant, DateTimeOffset now)
    {
        var budget = _appliedBudgets.Get(limit.Scope, id, limit.Period, limit.LimitUsd, now, tenant);
        for (var i = 0; i < count; i++)
        {
            if (string.Equals(applied[i].Key, budget.Key, StringComparison.Ordinal))
            {
                // The same counter from two sources (the configuration and the key): the stricter limit holds.
                if (budget.LimitUsd < applied[i].LimitUsd)
                {
                    applied[i] = budget;
                }

                return;
            }
        }

        applied[count++] = budget;
    }

    private static string? IdOf(BudgetScope scope, ModelCallContext context) => scope switch
    {
        BudgetScope.Key => context.KeyId,
        BudgetScope.User => context.UserId,
        BudgetScope.Team => context.TeamId,
        BudgetScope.Tenant => context.TenantId,
        BudgetScope.Conversation => context.ConversationId,
        BudgetScope.AgentRun => context.AgentRunId,
        _ => null,
    };

    /// <summary>The limits of one id: its own when configured (even none), otherwise those of <c>*</c>.</summary>
    private static BudgetLimit[] Limits(FrozenDictionary<string, BudgetLimit[]> limits, string id) =>
        limits.TryGetValue(id, out var own) ? own
        : limits.TryGetValue(BudgetOptions.Everyone, out var everyone) ? everyone
        : s_none;

    private decimal? MaxCostPerRequest(ModelCallContext? context) => (_maxCostPerRequest, context?.MaxCostPerRequest) switch
    {
        ({ } configured, { } own) => Math.Min(configured, own),
        (var configured, var own) => configured ?? own,
    };

    /// <summary>
    /// The highest input and output prices of any model <paramref name="requested"/> may reach (a route may fall back
    /// to any of its targets). A model without prices makes the worst case unknown, so the call is refused.
    /// </summary>
    private (decimal Input, decimal Output) WorstCasePrices(string requested)
    {
        if (!_catalog.TryGetRoute(requested, out var route, out var reason))
        {
            throw new ModelNotFoundException(reason);
        }

        var input = 0m;
        var output = 0m;
        // Indexed: a foreach over the IReadOnlyList would allocate an enumerator on every call.
        var targets = route.Targets;
        for (var i = 0; i < targets.Count; i++)
        {
            var target = targets[i];
            // A prompt-cache write can cost more than a plain input token: the worst case is the higher of the two.
            if (target.Model is not { MaxInputPricePerMillion: { } inputPrice, OutputPricePerMillion: { } outputPrice })
            {
                var isRoute = !string.Equals(route.Name, target.CanonicalName, StringComparison.OrdinalIgnoreCase);
                throw new UnpricedModelException(target.CanonicalName, isRoute ? route.Name : null);
            }

            input = Math.Max(input, inputPrice);
            output = Math.Max(output, outputPrice);
        }

        return (input, output);
    }

    private static FrozenDictionary<string, BudgetLimit[]> Snapshot(Dictionary<string, List<BudgetLimitOptions>> limits, BudgetScope scope) =>
        limits.ToFrozenDictionary(pair => pair.Key, pair => Snapshot(pair.Value, scope), StringComparer.Ordinal);

    private static BudgetLimit[] Snapshot(List<BudgetLimitOptions> limits, BudgetScope scope) =>
        [.. limits.Select(limit => new BudgetLimit(scope, limit.Period!.Value, limit.LimitUsd))];
}
