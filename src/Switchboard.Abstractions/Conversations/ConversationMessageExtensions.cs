using Microsoft.Extensions.AI;
using Switchboard.Abstractions.Chat;

namespace Switchboard.Abstractions.Conversations;

/// <summary>Turns stored messages back into model messages.</summary>
public static class ConversationMessageExtensions
{
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
