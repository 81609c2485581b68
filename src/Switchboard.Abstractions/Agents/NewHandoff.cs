namespace Switchboard.Abstractions.Agents;

/// <summary>A handoff to record.</summary>
/// <param name="ConversationId">The conversation.</param>
/// <param name="FromAgent">The agent that handed off; null for the first assignment.</param>
/// <param name="ToAgent">The agent that takes over, or <c>human</c>.</param>
/// <param name="Reason">Why, in words.</param>
/// <param name="Method">How it was decided: <c>classifier</c>, <c>llm</c>, <c>tool</c> or <c>escalation</c>.</param>
/// <param name="Confidence">The classifier's confidence, when a classifier decided.</param>
/// <param name="PromptTokens">Input tokens the decision cost, when a model decided.</param>
/// <param name="CompletionTokens">Output tokens the decision cost, when a model decided.</param>
public sealed record NewHandoff(
    string ConversationId,
    string? FromAgent,
    string ToAgent,
    string Reason,
    string Method,
    double? Confidence,
    long? PromptTokens,
    long? CompletionTokens);
