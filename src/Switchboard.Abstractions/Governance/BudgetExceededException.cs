using System.Globalization;

namespace Switchboard.Abstractions.Governance;

/// <summary>
/// A model call was refused before it was made because its worst-case cost does not fit in a budget. Hosts map it to
/// their API's quota error (the OpenAI-compatible API: HTTP 402, type <c>insufficient_quota</c>, code
/// <c>budget_exceeded</c>, with <c>Retry-After</c> when <see cref="RetryAfter"/> is known).
/// </summary>
public sealed class BudgetExceededException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="BudgetExceededException"/> class.</summary>
    public BudgetExceededException()
        : this("A budget is exhausted.")
    {
    }

    /// <summary>Initializes a new instance of the <see cref="BudgetExceededException"/> class.</summary>
    public BudgetExceededException(string message)
        : base(message)
    {
        Budget = "budget";
    }

    /// <summary>Initializes a new instance of the <see cref="BudgetExceededException"/> class.</summary>
    public BudgetExceededException(string message, Exception innerException)
        : base(message, innerException)
    {
        Budget = "budget";
    }

    /// <summary>Initializes a new instance of the <see cref="BudgetExceededException"/> class.</summary>
    /// <param name="budget">The budget's name for people, e.g. <c>tenant 'acme' daily budget</c>.</param>
    /// <param name="scope">What the budget counts over.</param>
    /// <param name="period">The budget's window.</param>
    /// <param name="limitUsd">The budget's limit for one window.</param>
    /// <param name="spentUsd">What the current window holds (spent, and reserved by calls in flight).</param>
    /// <param name="requiredUsd">What the refused call would have reserved (its worst case).</param>
    /// <param name="resetsAt">When the window ends; null for <see cref="BudgetPeriod.Total"/>.</param>
    /// <param name="retryAfter">The time from the refusal to <paramref name="resetsAt"/>; null when it never resets.</param>
    public BudgetExceededException(
        string budget,
        BudgetScope scope,
        BudgetPeriod period,
        decimal limitUsd,
        decimal spentUsd,
        decimal requiredUsd,
        DateTimeOffset? resetsAt,
        TimeSpan? retryAfter)
        : base(Describe(budget, limitUsd, spentUsd, requiredUsd, resetsAt))
    {
        ArgumentException.ThrowIfNullOrEmpty(budget);
        Budget = budget;
        Scope = scope;
        Period = period;
        LimitUsd = limitUsd;
        SpentUsd = spentUsd;
        RequiredUsd = requiredUsd;
        ResetsAt = resetsAt;
        RetryAfter = retryAfter;
    }

    /// <summary>Gets the budget's name for people, e.g. <c>tenant 'acme' daily budget</c>.</summary>
    public string Budget { get; }

    /// <summary>Gets what the budget counts over.</summary>
    public BudgetScope Scope { get; }

    /// <summary>Gets the budget's window.</summary>
    public BudgetPeriod Period { get; }

    /// <summary>Gets the budget's limit for one window, in USD.</summary>
    public decimal LimitUsd { get; }

    /// <summary>Gets what the current window holds, in USD: settled spend plus the reservations of calls in flight.</summary>
    public decimal SpentUsd { get; }

    /// <summary>Gets what is left in the current window, in USD (never negative).</summary>
    public decimal RemainingUsd => Math.Max(0, LimitUsd - SpentUsd);

    /// <summary>Gets what the refused call would have reserved, in USD: its worst-case cost.</summary>
    public decimal RequiredUsd { get; }

    /// <summary>Gets when the window ends and the budget is full again; null for a budget that never resets.</summary>
    public DateTimeOffset? ResetsAt { get; }

    /// <summary>Gets the time until <see cref="ResetsAt"/>, as of the refusal; null for a budget that never resets.</summary>
    public TimeSpan? RetryAfter { get; }

    private static string Describe(string budget, decimal limitUsd, decimal spentUsd, decimal requiredUsd, DateTimeOffset? resetsAt)
    {
        var left = Math.Max(0, limitUsd - spentUsd);
        var resets = resetsAt is { } at
            ? string.Create(CultureInfo.InvariantCulture, $" (resets at {at.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ})")
            : string.Empty;
        return $"The request needs up to {UsdText.Format(requiredUsd)} but {budget} has {UsdText.Format(left)} of {UsdText.Format(limitUsd)} left{resets}.";
    }
}
