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
}
