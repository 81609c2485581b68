using Microsoft.Extensions.AI;
using Switchboard.Abstractions.Chat;

namespace Switchboard.Abstractions.Conversations;

/// <summary>Turns stored messages back into model messages.</summary>
public static class ConversationMessageExtensions
{
    /// <summary>The result a model is shown for a tool call whose own result was never stored.</summary>
    public const string InterruptedToolResult = "{\"error\":\"The tool call was interrupted before it finished (the run stopped); it has no result.\"}";

    /// <summary>
    /// Converts stored history, oldest first, to model messages that providers accept, where every tool call is
    /// followed by its result. A tool result whose call is not in <paramref name="history"/> (the window cut it off) is
    /// left out. A tool call whose result was never stored (the run was interrupted: the client went away, the server
    /// stopped, a write failed) gets <see cref="InterruptedToolResult"/> right after its call; otherwise OpenAI and
    /// Anthropic refuse every later request of the conversation.
    /// </summary>
    public static List<ChatMessage> ToChatMessages(this IEnumerable<ConversationMessage> history)
    {
        ArgumentNullException.ThrowIfNull(history);
        var messages = new List<ChatMessage>();
        var unanswered = new List<string>();
        ConversationMessage? previous = null;
        foreach (var message in history)
        {
            if (previous is not null && message.Role == "assistant" && UnansweredRetry.IsIncompleteReply(previous))
            {
                // A reply that broke off and was then answered again (a retry): the model gets the answer, not both.
                messages.RemoveAt(messages.Count - 1);
            }

            previous = message;
            if (message.Role == "tool")
            {
                if (message.ToolCallId is { } callId && unanswered.Remove(callId))
                {
                    messages.Add(message.ToChatMessage());
                }

                continue;
            }

            AnswerInterrupted(messages, unanswered);
            messages.Add(message.ToChatMessage());
            if (message.Role == "assistant")
            {
                unanswered.AddRange(message.ToolCalls.Select(c => c.Id));
            }
        }

        AnswerInterrupted(messages, unanswered);
        return messages;
    }

    private static void AnswerInterrupted(List<ChatMessage> messages, List<string> unanswered)
    {
        foreach (var callId in unanswered)
        {
            messages.Add(new ChatMessage(ChatRole.Tool, [new FunctionResultContent(callId, InterruptedToolResult)]));
        }

        unanswered.Clear();
    }

    /// <summary>Converts a stored message to a <see cref="ChatMessage"/>: tool calls and tool results keep their ids.</summary>
    public static ChatMessage ToChatMessage(this ConversationMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        switch (message.Role)
        {
            case "assistant":
                var contents = new List<AIContent>();
                if (!string.IsNullOrEmpty(message.Content))
                {
                    contents.Add(new TextContent(message.Content));
                }

                contents.AddRange(message.ToolCalls.Select(c => ToolCallArguments.CreateCall(c.Id, c.Name, c.Arguments)));
                return new ChatMessage(ChatRole.Assistant, contents);
            case "tool":
                return new ChatMessage(ChatRole.Tool, [new FunctionResultContent(message.ToolCallId ?? string.Empty, message.Content)]);
            default:
                return new ChatMessage(new ChatRole(message.Role), message.Content);
        }
    }
}
