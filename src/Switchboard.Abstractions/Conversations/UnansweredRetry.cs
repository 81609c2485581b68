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
    public static ConversationMessage? Find(IReadOnlyList<ConversationMessage> history, string content)
    {
        ArgumentNullException.ThrowIfNull(history);
        return history.Count > 0 && history[^1] is { Role: "user" } last && string.Equals(last.Content, content, StringComparison.Ordinal)
            ? last
            : null;
    }
}
