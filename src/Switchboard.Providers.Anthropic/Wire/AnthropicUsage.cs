namespace Switchboard.Providers.Anthropic.Wire;

/// <summary>The counts of one Anthropic <c>usage</c> object, each null when absent.</summary>
/// <param name="Input">The <c>input_tokens</c>: input not read from or written to the prompt cache.</param>
/// <param name="CacheRead">The <c>cache_read_input_tokens</c>.</param>
/// <param name="CacheWrite">The <c>cache_creation_input_tokens</c>.</param>
/// <param name="Output">The <c>output_tokens</c>.</param>
internal readonly record struct AnthropicUsage(long? Input, long? CacheRead, long? CacheWrite, long? Output);
