namespace Switchboard.Abstractions.Governance;

/// <summary>
/// A model call under a budget was refused because what the budget had spent before this process started could not
/// be read from the ledger. Letting it through would start the budget from zero for the rest of its window, so it is
/// refused, as a call whose cost cannot be known is; the next call reads again. Hosts map it to a temporary failure
/// (the OpenAI-compatible API: HTTP 503, type <c>server_error</c>, code <c>budget_unavailable</c>, with
/// <c>Retry-After</c>).
/// </summary>
public sealed class BudgetUnavailableException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="BudgetUnavailableException"/> class.</summary>
    public BudgetUnavailableException()
        : this("A budget's spend could not be read, so the call was refused.")
    {
    }

    /// <summary>Initializes a new instance of the <see cref="BudgetUnavailableException"/> class.</summary>
    public BudgetUnavailableException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="BudgetUnavailableException"/> class.</summary>
    public BudgetUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Gets how long to wait before trying again.</summary>
    public TimeSpan RetryAfter { get; init; } = TimeSpan.FromSeconds(1);
}
