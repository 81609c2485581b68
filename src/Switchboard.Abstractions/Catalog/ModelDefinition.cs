namespace Switchboard.Abstractions.Catalog;

/// <summary>A model offered by a provider, as configured in the model catalog.</summary>
/// <param name="Id">The model's name in the catalog (the part after <c>provider:</c>).</param>
/// <param name="UpstreamId">The model id sent to the upstream server.</param>
/// <param name="ContextWindow">The context window in tokens, when known.</param>
/// <param name="InputPricePerMillion">USD per one million input tokens, when known.</param>
/// <param name="OutputPricePerMillion">USD per one million output tokens, when known.</param>
public sealed record ModelDefinition(
    string Id,
    string UpstreamId,
    int? ContextWindow,
    decimal? InputPricePerMillion,
    decimal? OutputPricePerMillion)
{
    /// <summary>Gets how long a stream may take to produce its first update; null for the provider's setting.</summary>
    public TimeSpan? FirstTokenTimeout { get; init; }

    /// <summary>Gets a total timeout tighter than the provider's, or null for the provider's.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>Gets a value indicating whether both prices are known.</summary>
    public bool HasPrices => InputPricePerMillion is not null && OutputPricePerMillion is not null;

    /// <summary>Computes the cost of a call in USD, or <see langword="null"/> when the price is unknown.</summary>
    /// <remarks>An unknown price is never reported as zero.</remarks>
    public decimal? ComputeCost(long inputTokens, long outputTokens) =>
        HasPrices
            ? (inputTokens * InputPricePerMillion!.Value + outputTokens * OutputPricePerMillion!.Value) / 1_000_000m
            : null;
}
