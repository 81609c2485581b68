namespace Switchboard.Server.OpenAI;

/// <summary>A model's prices in USD per one million tokens.</summary>
/// <param name="InputPerMillion">Price of input tokens.</param>
/// <param name="OutputPerMillion">Price of output tokens.</param>
internal sealed record ModelPricing(decimal InputPerMillion, decimal OutputPerMillion)
{
    /// <summary>Gets the price of input tokens read from the provider's prompt cache, when it has its own.</summary>
    public decimal? CachedInputPerMillion { get; init; }

    /// <summary>Gets the price of input tokens written to the provider's prompt cache, when it has its own.</summary>
    public decimal? CacheWritePerMillion { get; init; }
}
