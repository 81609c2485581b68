using Microsoft.Extensions.AI;

namespace Switchboard.Providers.OpenAI.Wire;

/// <summary>Maps OpenAI <c>finish_reason</c> strings to <see cref="ChatFinishReason"/> and back.</summary>
public static class OpenAIFinishReasons
{
    /// <summary>Reads a wire value; unknown values are kept as they are, and a blank one is no reason.</summary>
    public static ChatFinishReason? Read(string? value) => value switch
    {
        null => null,
        _ when string.IsNullOrWhiteSpace(value) => null, // ChatFinishReason refuses it (ArgumentException)
        "stop" => ChatFinishReason.Stop,
        "length" => ChatFinishReason.Length,
        "tool_calls" or "function_call" => ChatFinishReason.ToolCalls,
        "content_filter" => ChatFinishReason.ContentFilter,
        _ => new ChatFinishReason(value),
    };

    /// <summary>Writes a wire value.</summary>
    public static string? Write(ChatFinishReason? reason)
    {
        if (reason is not { } r)
        {
            return null;
        }

        if (r == ChatFinishReason.Stop)
        {
            return "stop";
        }

        if (r == ChatFinishReason.Length)
        {
            return "length";
        }

        if (r == ChatFinishReason.ToolCalls)
        {
            return "tool_calls";
        }

        return r == ChatFinishReason.ContentFilter ? "content_filter" : r.Value;
    }
}
