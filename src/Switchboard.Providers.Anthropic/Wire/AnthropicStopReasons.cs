using Microsoft.Extensions.AI;

namespace Switchboard.Providers.Anthropic.Wire;

/// <summary>Maps Anthropic <c>stop_reason</c> values to <see cref="ChatFinishReason"/>.</summary>
public static class AnthropicStopReasons
{
    /// <summary>Reads a stop reason; unknown values are kept as they are, and a blank one is no reason.</summary>
    public static ChatFinishReason? Read(string? value) => value switch
    {
        null => null,
        _ when string.IsNullOrWhiteSpace(value) => null, // ChatFinishReason refuses it (ArgumentException)
        "end_turn" or "stop_sequence" or "pause_turn" => ChatFinishReason.Stop,
        "max_tokens" => ChatFinishReason.Length,
        "tool_use" => ChatFinishReason.ToolCalls,
        "refusal" => ChatFinishReason.ContentFilter,
        _ => new ChatFinishReason(value),
    };
}
