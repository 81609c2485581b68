namespace Switchboard.Abstractions.Agents;

/// <summary>A recorded handoff.</summary>
/// <param name="Id">The handoff id (<c>hof_…</c>).</param>
/// <param name="ConversationId">The conversation.</param>
/// <param name="FromAgent">The agent that handed off; null for the first assignment.</param>
/// <param name="ToAgent">The agent that took over, or <c>human</c>.</param>
/// <param name="Reason">Why, in words.</param>
/// <param name="Method">How it was decided: <c>classifier</c>, <c>llm</c>, <c>tool</c> or <c>escalation</c>.</param>
/// <param name="Confidence">The classifier's confidence, when a classifier decided.</param>
/// <param name="PromptTokens">Input tokens the decision cost, when a model decided.</param>
/// <param name="CompletionTokens">Output tokens the decision cost, when a model decided.</param>
/// <param name="CreatedAt">When it happened.</param>
public sealed record HandoffRecord(
    string Id,
    string ConversationId,
    string? FromAgent,
    string ToAgent,
    string Reason,
    string Method,
    double? Confidence,
    long? PromptTokens,
    long? CompletionTokens,
    DateTimeOffset CreatedAt);
