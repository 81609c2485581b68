namespace Switchboard.Abstractions.Conversations;

/// <summary>A stored message of a conversation.</summary>
/// <param name="Id">The message id (<c>msg_…</c>).</param>
/// <param name="ConversationId">The conversation it belongs to.</param>
/// <param name="Sequence">Its position in the conversation, from 1.</param>
/// <param name="Role">system, user, assistant or tool.</param>
/// <param name="Content">The text content.</param>
/// <param name="ToolCalls">Tool calls an assistant message requested.</param>
/// <param name="ToolCallId">For a tool message, the call it answers.</param>
/// <param name="Model">The canonical model that produced an assistant message.</param>
/// <param name="Provider">The provider that served it.</param>
/// <param name="PromptTokens">Input tokens of the call that produced it.</param>
/// <param name="CompletionTokens">Output tokens of the call that produced it.</param>
/// <param name="LatencyMs">Wall time of the model call in milliseconds.</param>
/// <param name="FinishReason">Why the model stopped.</param>
/// <param name="CreatedAt">When it was stored.</param>
public sealed record ConversationMessage(
    string Id,
    string ConversationId,
    long Sequence,
    string Role,
    string? Content,
    IReadOnlyList<ToolCallRecord> ToolCalls,
    string? ToolCallId,
    string? Model,
    string? Provider,
    long? PromptTokens,
    long? CompletionTokens,
    long? LatencyMs,
    string? FinishReason,
    DateTimeOffset CreatedAt)
{
    /// <summary>
    /// Gets who wrote an assistant message: the name of the agent, or <c>operator:&lt;name&gt;</c> for a person;
    /// null when not recorded (and for every message stored before authors were).
    /// </summary>
    public string? Author { get; init; }
}
