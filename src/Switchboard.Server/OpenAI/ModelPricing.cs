namespace Switchboard.Server.OpenAI;

/// <summary>A model's prices in USD per one million tokens.</summary>
/// <param name="InputPerMillion">Price of input tokens.</param>
/// <param name="OutputPerMillion">Price of output tokens.</param>
internal sealed record ModelPricing(decimal InputPerMillion, decimal OutputPerMillion);
