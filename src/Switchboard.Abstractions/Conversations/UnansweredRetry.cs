namespace Switchboard.Abstractions.Conversations;

/// <summary>
/// Recognises a retry: a user message posted again with the same text while the conversation's last stored message is
/// that text, unanswered. A message is stored before the model call so that it is never lost; when the call is then
/// refused (budget, rate limit) or fails, the client sends it again, and storing it a second time would leave the
/// conversation with the question twice. A reply that broke off part-way (stored with the finish reason
/// <c>error</c> or <c>cancelled</c>) does not answer it either.
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
        while (index >= 0 && (IsIncompleteReply(history[index]) || (afterToolCalls && IsToolStep(history[index]))))
        {
            index--;
        }

        return index >= 0 && history[index] is { Role: "user" } last && string.Equals(last.Content, content, StringComparison.Ordinal)
            ? last
            : null;
    }

    /// <summary>
    /// Whether a stored reply is text that broke off part-way: the upstream failed (<c>error</c>) or the client left
    /// (<c>cancelled</c>) after some of it had arrived. It is kept, as it was shown, but it answers nothing: a retry of
    /// its question goes on, and once a later reply follows it, the model is no longer sent it.
    /// </summary>
    public static bool IsIncompleteReply(ConversationMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return message.Role == "assistant" && message.ToolCalls.Count == 0 && message.FinishReason is "error" or "cancelled";
    }

    // A tool result, or a model turn that only called tools: steps of a run, not an answer.
    private static bool IsToolStep(ConversationMessage message) =>
        message.Role == "tool" || (message.Role == "assistant" && message.ToolCalls.Count > 0 && string.IsNullOrEmpty(message.Content));
}
