using System.Globalization;
using Switchboard.Abstractions.Governance;

namespace Switchboard.Gateway.Governance;

/// <summary>
/// USD budgets enforced before each model call (section <c>Switchboard:Budgets</c>). Limits are configured per tenant,
/// team and user (by id, or <c>*</c> for every one without limits of its own) and for every conversation and agent run;
/// an API key's own budgets arrive with the call (<see cref="ModelCallContext.Budgets"/>). See docs/design/budgets.md.
/// </summary>
/// <remarks>
/// The collections start empty: the configuration binder appends to a collection that already holds items, so
/// defaults here would be impossible to remove.
/// </remarks>
public sealed class BudgetOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Switchboard:Budgets";

    /// <summary>The key that gives every tenant, team or user without limits of its own the same limits.</summary>
    public const string Everyone = "*";

    /// <summary>The largest limit a counter can hold, in USD (nano-dollars in a 64-bit counter, with room to spare).</summary>
    public const decimal MaxLimitUsd = 1_000_000_000m;

    /// <summary>Gets or sets a value indicating whether budgets are enforced at all.</summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Gets or sets the output tokens assumed for a call under a budget that does not set <c>max_tokens</c>. It is also
    /// sent upstream as the call's <c>max_tokens</c>, so that the worst case is a real bound on the answer's length.
    /// </summary>
    /// <value>The default is 4096.</value>
    public int DefaultMaxOutputTokens { get; set; } = 4096;

    /// <summary>Gets or sets the most one call may cost in its worst case, in USD; null for no such limit.</summary>
    /// <value>The default is <see langword="null"/>. A key's own limit (<see cref="ModelCallContext.MaxCostPerRequest"/>) applies too; the lower wins.</value>
    public decimal? MaxCostPerRequestUsd { get; set; }

    /// <summary>Gets the limits per tenant id; <c>*</c> applies to every tenant not listed (the <c>default</c> tenant included).</summary>
    public Dictionary<string, List<BudgetLimitOptions>> Tenants { get; } = new(StringComparer.Ordinal);

    /// <summary>Gets the limits per team id; <c>*</c> applies to every team not listed. Calls without a team have none.</summary>
    public Dictionary<string, List<BudgetLimitOptions>> Teams { get; } = new(StringComparer.Ordinal);

    /// <summary>Gets the limits per user id; <c>*</c> applies to every user not listed. Calls without a user have none.</summary>
    public Dictionary<string, List<BudgetLimitOptions>> Users { get; } = new(StringComparer.Ordinal);

    /// <summary>Gets the limits of every conversation, each counted separately. Calls outside a conversation have none.</summary>
    public List<BudgetLimitOptions> Conversation { get; } = [];

    /// <summary>Gets the limits of every agent run, each counted separately. Calls outside an agent run have none.</summary>
    public List<BudgetLimitOptions> AgentRun { get; } = [];

    /// <summary>Returns one message per invalid field, each naming it.</summary>
    public IEnumerable<string> Validate()
    {
        if (DefaultMaxOutputTokens < 1)
        {
            yield return $"{Section}:DefaultMaxOutputTokens must be at least 1.";
        }

        if (MaxCostPerRequestUsd is { } max && max <= 0)
        {
            yield return $"{Section}:MaxCostPerRequestUsd must be positive when set.";
        }

        foreach (var problem in ValidateMap(Tenants, "Tenants")
            .Concat(ValidateMap(Teams, "Teams"))
            .Concat(ValidateMap(Users, "Users"))
            .Concat(ValidateList(Conversation, $"{Section}:Conversation"))
            .Concat(ValidateList(AgentRun, $"{Section}:AgentRun")))
        {
            yield return problem;
        }
    }

    private static IEnumerable<string> ValidateMap(Dictionary<string, List<BudgetLimitOptions>> map, string name)
    {
        foreach (var (id, limits) in map)
        {
            foreach (var problem in ValidateList(limits, $"{Section}:{name}:{id}"))
            {
                yield return problem;
            }
        }
    }

    private static IEnumerable<string> ValidateList(List<BudgetLimitOptions> limits, string path)
    {
        for (var i = 0; i < limits.Count; i++)
        {
            var at = string.Create(CultureInfo.InvariantCulture, $"{path}:{i}");
            if (limits[i] is not { } limit)
            {
                yield return $"{at} is empty.";
                continue;
            }

            if (limit.Period is not { } period || !Enum.IsDefined(period))
            {
                yield return $"{at}:Period must be Day, Month or Total.";
            }

            if (limit.LimitUsd <= 0)
            {
                yield return $"{at}:LimitUsd must be positive.";
            }
            else if (limit.LimitUsd > MaxLimitUsd)
            {
                yield return string.Create(CultureInfo.InvariantCulture, $"{at}:LimitUsd must be at most {MaxLimitUsd:0}.");
            }
        }
    }
}
