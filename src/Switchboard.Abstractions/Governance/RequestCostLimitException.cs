namespace Switchboard.Abstractions.Governance;

/// <summary>
/// A model call was refused before it was made because its worst-case cost is above the most one request may cost.
/// Retrying does not help; a smaller <c>max_tokens</c>, a shorter prompt or a cheaper model does. Hosts map it to a
/// bad request (the OpenAI-compatible API: HTTP 400, type <c>invalid_request_error</c>, code
/// <c>request_cost_limit_exceeded</c>).
/// </summary>
public sealed class RequestCostLimitException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="RequestCostLimitException"/> class.</summary>
    public RequestCostLimitException()
        : this("The request may cost more than one request is allowed to.")
    {
    }

    /// <summary>Initializes a new instance of the <see cref="RequestCostLimitException"/> class.</summary>
    public RequestCostLimitException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="RequestCostLimitException"/> class.</summary>
    public RequestCostLimitException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="RequestCostLimitException"/> class.</summary>
    /// <param name="maxCostUsd">The most one request may cost.</param>
    /// <param name="requiredUsd">The request's worst-case cost.</param>
    public RequestCostLimitException(decimal maxCostUsd, decimal requiredUsd)
        : base($"The request needs up to {UsdText.Format(requiredUsd)} but one request may cost at most {UsdText.Format(maxCostUsd)}; lower max_tokens, shorten the prompt or choose a cheaper model.")
    {
        MaxCostUsd = maxCostUsd;
        RequiredUsd = requiredUsd;
    }

    /// <summary>Gets the most one request may cost, in USD.</summary>
    public decimal MaxCostUsd { get; }

    /// <summary>Gets the refused request's worst-case cost, in USD.</summary>
    public decimal RequiredUsd { get; }
}
