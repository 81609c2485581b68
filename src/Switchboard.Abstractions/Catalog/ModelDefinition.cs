using Microsoft.Extensions.AI;
using Switchboard.Abstractions.Chat;

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

    /// <summary>
    /// Gets the USD price per one million input tokens read from the provider's prompt cache, or null to charge them at
    /// <see cref="InputPricePerMillion"/>.
    /// </summary>
    public decimal? CachedInputPricePerMillion { get; init; }

    /// <summary>
    /// Gets the USD price per one million input tokens written to the provider's prompt cache, or null to charge them at
    /// <see cref="InputPricePerMillion"/>.
    /// </summary>
    public decimal? CacheWritePricePerMillion { get; init; }

    /// <summary>Gets a value indicating whether both prices are known.</summary>
    public bool HasPrices => InputPricePerMillion is not null && OutputPricePerMillion is not null;

    /// <summary>
    /// Gets the highest price one input token can cost (a cache write may cost more than a plain input token), or null
    /// when the price is unknown: what a worst-case estimate of a prompt must use.
    /// </summary>
    public decimal? MaxInputPricePerMillion =>
        InputPricePerMillion is { } input ? Math.Max(input, CacheWritePricePerMillion ?? input) : null;

    /// <summary>Computes the cost of a call in USD, or <see langword="null"/> when the price is unknown.</summary>
    /// <remarks>An unknown price is never reported as zero.</remarks>
    public decimal? ComputeCost(long inputTokens, long outputTokens) => ComputeCost(inputTokens, outputTokens, 0, 0);

    /// <summary>
    /// Computes the cost of a call in USD from its usage: input tokens read from or written to the prompt cache at their
    /// own prices when configured. <see langword="null"/> when the price is unknown.
    /// </summary>
    /// <param name="inputTokens">Every input token, cached ones included.</param>
    /// <param name="outputTokens">The output tokens.</param>
    /// <param name="cacheReadTokens">The part of <paramref name="inputTokens"/> read from the prompt cache.</param>
    /// <param name="cacheWriteTokens">The part of <paramref name="inputTokens"/> written to the prompt cache.</param>
    /// <remarks>
    /// Cache counts larger than the input (a provider reporting inconsistently) are cut to it, reads first, so the
    /// result never charges for more input tokens than were reported; negative counts are taken as 0, so the result is
    /// never negative.
    /// </remarks>
    public decimal? ComputeCost(long inputTokens, long outputTokens, long cacheReadTokens, long cacheWriteTokens)
    {
        if (InputPricePerMillion is not { } inputPrice || OutputPricePerMillion is not { } outputPrice)
        {
            return null;
        }

        var input = Math.Max(0, inputTokens);
        var read = Math.Clamp(cacheReadTokens, 0, input);
        var written = Math.Clamp(cacheWriteTokens, 0, input - read);
        var plain = input - read - written;
        return ((plain * inputPrice)
            + (read * (CachedInputPricePerMillion ?? inputPrice))
            + (written * (CacheWritePricePerMillion ?? inputPrice))
            + (Math.Max(0, outputTokens) * outputPrice)) / 1_000_000m;
    }

    /// <summary>Computes the cost of a call in USD from its reported usage, or <see langword="null"/> when the price is unknown.</summary>
    /// <param name="usage">The usage; missing counts are taken as 0.</param>
    public decimal? ComputeCost(UsageDetails? usage) =>
        ComputeCost(usage?.InputTokenCount ?? 0, usage?.OutputTokenCount ?? 0, UsageCounts.CacheReads(usage), UsageCounts.CacheWrites(usage));
}
