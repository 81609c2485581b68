namespace Switchboard.Agents.Runtime;

/// <summary>What a router decided for a message.</summary>
/// <param name="Route">The chosen route: an agent name, or <c>human</c>.</param>
/// <param name="Method">classifier or llm.</param>
/// <param name="Reason">Why, in words.</param>
/// <param name="Confidence">The classifier's confidence, when it decided.</param>
/// <param name="PromptTokens">Input tokens the LLM decision cost.</param>
/// <param name="CompletionTokens">Output tokens the LLM decision cost.</param>
public sealed record RouteDecision(string Route, string Method, string Reason, double? Confidence, long? PromptTokens, long? CompletionTokens);
