using System.Globalization;
using Switchboard.Abstractions.Governance;

namespace Switchboard.Gateway.Governance;

/// <summary>
/// One budget that applies to a call, in the window the call falls in: its counter key
/// (<c>budget:{scope}:{id}:{period}:{window}</c>), its limit in nano-dollars and when the window ends.
/// </summary>
internal sealed class AppliedBudget
{
    /// <summary>How long a total budget of a conversation is kept after its last charge.</summary>
    public static readonly TimeSpan EphemeralTotalLifetime = TimeSpan.FromDays(400);

    /// <summary>
    /// How long a total budget of an agent run is kept after its last charge. A run handles one message, in minutes; its
    /// counter is not started from the ledger and no later call can name the run again, so kept as long as a
    /// conversation's, one counter per message would pile up in memory for a year.
    /// </summary>
    public static readonly TimeSpan AgentRunTotalLifetime = TimeSpan.FromDays(1);

    private AppliedBudget(BudgetScope scope, string id, BudgetPeriod period, decimal limitUsd, string key, DateTimeOffset windowStart, DateTimeOffset? windowEnd, DateTimeOffset expiresAt)
    {
        WindowStart = windowStart;
        Scope = scope;
        Id = id;
        Period = period;
        LimitUsd = limitUsd;
        LimitNano = NanoUsd.Floor(limitUsd);
        Key = key;
        WindowEnd = windowEnd;
        ExpiresAt = expiresAt;
    }

    public BudgetScope Scope { get; }

    public string Id { get; }

    public BudgetPeriod Period { get; }

    public decimal LimitUsd { get; }

    public long LimitNano { get; }

    /// <summary>Gets the counter key; it names the window, so a new window starts a new counter.</summary>
    public string Key { get; }

    /// <summary>Gets when the window starts; <see cref="DateTimeOffset.MinValue"/> for a total budget.</summary>
    public DateTimeOffset WindowStart { get; }

    /// <summary>Gets when the window ends (the budget resets); null for a total budget.</summary>
    public DateTimeOffset? WindowEnd { get; }

    /// <summary>Gets when the counter may be forgotten.</summary>
    public DateTimeOffset ExpiresAt { get; }

    /// <summary>Gets the budget's name for people, e.g. <c>tenant 'acme' daily budget</c>.</summary>
    public string Name => $"{ScopeText(Scope, ' ')} '{Id}' {PeriodText(Period)} budget";

    /// <summary>Places <paramref name="now"/> in the budget's window (UTC calendar day or month).</summary>
    /// <param name="scope">The scope.</param>
    /// <param name="id">The id within the scope.</param>
    /// <param name="period">The period.</param>
    /// <param name="limitUsd">The limit.</param>
    /// <param name="now">The time of the call.</param>
    /// <param name="tenant">
    /// The caller's tenant. A user or team id is only unique within its tenant, so their counters are kept per tenant
    /// (<c>budget:user:{tenant}/{user}:…</c>): a key of another tenant naming the same user must not draw on this
    /// one's budget. Other scopes ignore it.
    /// </param>
    public static AppliedBudget Create(BudgetScope scope, string id, BudgetPeriod period, decimal limitUsd, DateTimeOffset now, string? tenant = null)
    {
        var utc = now.UtcDateTime;
        DateTimeOffset start;
        DateTimeOffset? end;
        string window;
        switch (period)
        {
            case BudgetPeriod.Day:
                var day = new DateTimeOffset(utc.Year, utc.Month, utc.Day, 0, 0, 0, TimeSpan.Zero);
                start = day;
                end = day.AddDays(1);
                window = day.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
                break;
            case BudgetPeriod.Month:
                var month = new DateTimeOffset(utc.Year, utc.Month, 1, 0, 0, 0, TimeSpan.Zero);
                start = month;
                end = month.AddMonths(1);
                window = month.ToString("yyyyMM", CultureInfo.InvariantCulture);
                break;
            case BudgetPeriod.Total:
                start = DateTimeOffset.MinValue;
                end = null;
                window = "all";
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(period), period, "Unknown budget period.");
        }

        // A total budget of a key, user, team or tenant lasts for ever; one of a conversation or agent run is dropped
        // when it has not been charged for a while (each charge moves the expiry on).
        var expiresAt = end ?? scope switch
        {
            BudgetScope.Conversation => now + EphemeralTotalLifetime,
            BudgetScope.AgentRun => now + AgentRunTotalLifetime,
            _ => DateTimeOffset.MaxValue,
        };
        var owner = scope is BudgetScope.User or BudgetScope.Team ? $"{tenant ?? ModelCallContext.DefaultTenant}/{id}" : id;
        var key = $"budget:{ScopeText(scope, '_')}:{owner}:{PeriodKey(period)}:{window}";
        return new AppliedBudget(scope, id, period, limitUsd, key, start, end, expiresAt);
    }

    /// <summary>
    /// Whether this budget is the one <see cref="Create"/> would make at <paramref name="now"/>: the same window, and an
    /// expiry that does not move with the time (a total budget of a conversation or agent run moves on each charge).
    /// </summary>
    public bool IsCurrentAt(DateTimeOffset now) =>
        now >= WindowStart && (WindowEnd is { } end ? now < end : Scope is not (BudgetScope.Conversation or BudgetScope.AgentRun));

    /// <summary>The scope's name: <c>tenant</c>, <c>agent run</c> (or <c>agent_run</c> with an underscore separator).</summary>
    public static string ScopeText(BudgetScope scope, char separator) => scope switch
    {
        BudgetScope.Key => "key",
        BudgetScope.User => "user",
        BudgetScope.Team => "team",
        BudgetScope.Tenant => "tenant",
        BudgetScope.Conversation => "conversation",
        BudgetScope.AgentRun => separator == '_' ? "agent_run" : "agent run",
        _ => "unknown",
    };

    private static string PeriodKey(BudgetPeriod period) => period switch
    {
        BudgetPeriod.Day => "day",
        BudgetPeriod.Month => "month",
        _ => "total",
    };

    private static string PeriodText(BudgetPeriod period) => period switch
    {
        BudgetPeriod.Day => "daily",
        BudgetPeriod.Month => "monthly",
        _ => "total",
    };
}
