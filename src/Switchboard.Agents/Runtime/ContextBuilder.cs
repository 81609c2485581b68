using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.AI;
using Switchboard.Abstractions.Conversations;
using Switchboard.Agents.Definitions;

namespace Switchboard.Agents.Runtime;

/// <summary>
/// Builds what the model sees: the agent's instructions, a running summary of the turns that no longer fit, and the
/// latest <see cref="ContextSettings.MaxMessages"/> messages (never starting with a tool result cut off from its call,
/// and with a stand-in result for a tool call an interrupted run never answered).
/// </summary>
public sealed partial class ContextBuilder
{
    private readonly ConversationSummarizer _summarizer = new();

    /// <summary>Builds the model messages for an agent from the stored history (oldest first).</summary>
    /// <param name="agent">The agent.</param>
    /// <param name="conversationId">The conversation.</param>
    /// <param name="history">The stored history, oldest first.</param>
    /// <param name="today">The date, for <c>{{date}}</c> and relative dates.</param>
    /// <param name="summary">A summary of the messages before <see cref="WindowStart"/> written by the model; null for the extractive one.</param>
    public List<ChatMessage> Build(AgentDefinition agent, string conversationId, IReadOnlyList<ConversationMessage> history, DateOnly today, string? summary = null)
    {
        ArgumentNullException.ThrowIfNull(agent);
        ArgumentNullException.ThrowIfNull(history);
        var messages = new List<ChatMessage>();
        var instructions = Render(agent, conversationId, today);
        if (instructions.Length > 0)
        {
            messages.Add(new ChatMessage(ChatRole.System, instructions));
        }

        var start = WindowStart(agent, history);
        if (start > 0)
        {
            summary ??= _summarizer.Summarize(history.Take(start).ToList(), agent.Context.MaxSummaryChars, today);
            messages.Add(new ChatMessage(ChatRole.System, "Summary of the earlier conversation:\n" + summary));
        }

        messages.AddRange(history.Skip(start).ToChatMessages());
        return messages;
    }

    /// <summary>
    /// The index of the first message sent as it is; the ones before it are summarised. The window holds the latest
    /// <see cref="ContextSettings.MaxMessages"/> messages, but never starts after the latest user message: the run
    /// answering it sees the question and every call and result it has made so far, however many there are.
    /// </summary>
    public static int WindowStart(AgentDefinition agent, IReadOnlyList<ConversationMessage> history)
    {
        ArgumentNullException.ThrowIfNull(agent);
        ArgumentNullException.ThrowIfNull(history);
        var start = Math.Max(0, history.Count - agent.Context.MaxMessages);
        for (var i = history.Count - 1; i >= 0; i--)
        {
            if (history[i].Role == "user")
            {
                start = Math.Min(start, i);
                break;
            }
        }

        while (start < history.Count && history[start].Role == "tool")
        {
            start++;
        }

        return start;
    }

    /// <summary>Fills the instructions' <c>{{name}}</c> placeholders: the agent's variables, then <c>agent_name</c>, <c>date</c> and <c>conversation_id</c>.</summary>
    public static string Render(AgentDefinition agent, string conversationId, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(agent);
        return Placeholder().Replace(agent.Instructions, match =>
        {
            var name = match.Groups[1].Value;
            if (agent.Variables.TryGetValue(name, out var value))
            {
                return value;
            }

            return name switch
            {
                "agent_name" => agent.Name,
                "date" => today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                "conversation_id" => conversationId,
                _ => match.Value,
            };
        }).Trim();
    }

    [GeneratedRegex(@"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")]
    private static partial Regex Placeholder();
}
