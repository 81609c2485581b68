namespace Switchboard.Abstractions.Governance;

/// <summary>
/// A call under a budget named a model (or a route with a target) whose prices are not configured: its cost cannot be
/// known, so the budget cannot be enforced and the call is refused rather than let through uncounted. This is a
/// configuration problem of the gateway, which the caller can only avoid by choosing a priced model; hosts map it to
/// a bad request (the OpenAI-compatible API: HTTP 400, type <c>invalid_request_error</c>, code <c>model_not_priced</c>).
/// </summary>
public sealed class UnpricedModelException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="UnpricedModelException"/> class.</summary>
    public UnpricedModelException()
        : this("The model has no price, so budgets cannot be enforced on it.")
    {
    }

    /// <summary>Initializes a new instance of the <see cref="UnpricedModelException"/> class.</summary>
    public UnpricedModelException(string message)
        : base(message)
    {
        Model = string.Empty;
    }

    /// <summary>Initializes a new instance of the <see cref="UnpricedModelException"/> class.</summary>
    public UnpricedModelException(string message, Exception innerException)
        : base(message, innerException)
    {
        Model = string.Empty;
    }

    /// <summary>Initializes a new instance of the <see cref="UnpricedModelException"/> class.</summary>
    /// <param name="model">The canonical name (<c>provider:model</c>) of the model without prices.</param>
    /// <param name="route">The route that has it as a target, or null when the caller named the model.</param>
    public UnpricedModelException(string model, string? route)
        : base(Describe(model, route))
    {
        ArgumentException.ThrowIfNullOrEmpty(model);
        Model = model;
        Route = route;
    }

    /// <summary>Gets the canonical name of the model without prices.</summary>
    public string Model { get; }

    /// <summary>Gets the route that has the model as a target, or null when the caller named the model.</summary>
    public string? Route { get; }

    private static string Describe(string model, string? route) =>
        (route is null ? $"Model '{model}' has no price" : $"Route '{route}' may call model '{model}', which has no price")
        + ", so budgets cannot be enforced on it; set InputPricePerMillion and OutputPricePerMillion for the model in the catalog.";
}
