using Microsoft.Extensions.AI;

namespace Switchboard.Abstractions.Chat;

/// <summary>The token counts a usage reports beyond input and output, as every provider adapter records them.</summary>
public static class UsageCounts
{
    /// <summary>
    /// The <see cref="UsageDetails.AdditionalCounts"/> key of the input tokens written to a provider's prompt cache
    /// (Anthropic's <c>cache_creation_input_tokens</c>); they are part of <see cref="UsageDetails.InputTokenCount"/>.
    /// </summary>
    public const string CacheWriteInputTokens = "cache_creation_input_tokens";

    /// <summary>The input tokens read from the provider's prompt cache (part of the input count); 0 when not reported.</summary>
    public static long CacheReads(UsageDetails? usage) => usage?.CachedInputTokenCount is { } read && read > 0 ? read : 0;

    /// <summary>The input tokens written to the provider's prompt cache (part of the input count); 0 when not reported.</summary>
    public static long CacheWrites(UsageDetails? usage) =>
        usage?.AdditionalCounts?.TryGetValue(CacheWriteInputTokens, out var written) == true && written > 0 ? written : 0;
}
