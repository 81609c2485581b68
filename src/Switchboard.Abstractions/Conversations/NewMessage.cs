namespace Switchboard.Abstractions.Conversations;

/// <summary>A message to append to a conversation.</summary>
/// <param name="Role">system, user, assistant or tool.</param>
/// <param name="Content">The text content.</param>
public sealed record NewMessage(string Role, string? Content)
{
    /// <summary>Gets the tool calls an assistant message requested.</summary>
    public IReadOnlyList<ToolCallRecord> ToolCalls { get; init; } = [];

    /// <summary>Gets, for a tool message, the call it answers.</summary>
    public string? ToolCallId { get; init; }

    /// <summary>Gets the canonical model that produced the message.</summary>
    public string? Model { get; init; }

    /// <summary>Gets the provider that served it.</summary>
    public string? Provider { get; init; }

    /// <summary>Gets the input tokens of the call that produced it.</summary>
    public long? PromptTokens { get; init; }

    /// <summary>Gets the output tokens of the call that produced it.</summary>
    public long? CompletionTokens { get; init; }

    /// <summary>Gets the wall time of the model call in milliseconds.</summary>
    public long? LatencyMs { get; init; }

    /// <summary>Gets why the model stopped.</summary>
    public string? FinishReason { get; init; }

    /// <summary>
    /// Gets who wrote an assistant message: the name of the agent, or <c>operator:&lt;name&gt;</c> for a person;
    /// null when not recorded.
    /// </summary>
    public string? Author { get; init; }
}
