namespace Switchboard.Abstractions.Conversations;

/// <summary>
/// Recognises a retry: a user message posted again with the same text while the conversation's last stored message is
/// that text, unanswered. A message is stored before the model call so that it is never lost; when the call is then
/// refused (budget, rate limit) or fails, the client sends it again, and storing it a second time would leave the
/// conversation with the question twice.
/// </summary>
public static class UnansweredRetry
{
    /// <summary>The stored message that <paramref name="content"/> retries, or null when it is a new message.</summary>
    /// <param name="history">The conversation's latest messages, oldest first.</param>
    /// <param name="content">The text being posted.</param>
    /// <param name="afterToolCalls">
    /// Whether the unanswered message may be followed by the tool calls and results of a run that stopped before it
    /// answered (an agent's run); the model then goes on from them.
    /// </param>
    public static ConversationMessage? Find(IReadOnlyList<ConversationMessage> history, string content, bool afterToolCalls = false)
    {
        ArgumentNullException.ThrowIfNull(history);
        var index = history.Count - 1;
        while (afterToolCalls && index >= 0 && IsToolStep(history[index]))
        {
            index--;
        }

        return index >= 0 && history[index] is { Role: "user" } last && string.Equals(last.Content, content, StringComparison.Ordinal)
            ? last
            : null;
    }

    // A tool result, or a model turn that only called tools: steps of a run, not an answer.
    private static bool IsToolStep(ConversationMessage message) =>
        message.Role == "tool" || (message.Role == "assistant" && message.ToolCalls.Count > 0 && string.IsNullOrEmpty(message.Content));
}
