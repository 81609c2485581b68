namespace Switchboard.Providers.Anthropic.Wire;

/// <summary>Keys under which the Anthropic codec keeps wire details in <c>AdditionalProperties</c>, so that they survive the trip through the gateway.</summary>
public static class AnthropicWireProperties
{
    /// <summary>On a <c>FunctionResultContent</c> (a <c>bool</c>, true): the caller's <c>tool_result</c> had <c>is_error: true</c>.</summary>
    public const string ToolResultIsError = "anthropic.is_error";

    /// <summary>
    /// On a response, or the stream update that ends it: Anthropic's own <c>stop_reason</c> (a <c>string</c>), which the
    /// finish reason can only approximate (<c>stop_sequence</c>, <c>pause_turn</c> and newer values read as stop).
    /// </summary>
    public const string StopReason = "anthropic.stop_reason";

    /// <summary>On a response, or the stream update that ends it: the stop sequence that ended it (a <c>string</c>).</summary>
    public const string StopSequence = "anthropic.stop_sequence";

    /// <summary>
    /// On a content (text, image, tool use or tool result), on a system message's text, or on a tool declaration: the
    /// caller's <c>cache_control</c> object (a <c>JsonElement</c>), the prompt-cache breakpoint written back to an
    /// Anthropic upstream so that caching through the gateway works as it does direct.
    /// </summary>
    public const string CacheControl = Abstractions.Chat.ChatContentProperties.PromptCacheBreakpoint;
}
