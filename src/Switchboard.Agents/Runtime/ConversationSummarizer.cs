using System.Text;
using Switchboard.Abstractions.Conversations;
using Switchboard.Nlu.Slots;

namespace Switchboard.Agents.Runtime;

/// <summary>
/// Extractive summaries of a conversation: the customer's first and latest requests, the references they gave
/// (order numbers, e-mail addresses, phone numbers, amounts) and the tools the bot used. Used for the handoff queue
/// and for the running summary of turns that no longer fit the model's context.
/// </summary>
public sealed class ConversationSummarizer
{
    private readonly SlotExtractor _slots = new();

    /// <summary>Summarises messages (oldest first) in at most <paramref name="maxChars"/> characters.</summary>
    public string Summarize(IReadOnlyList<ConversationMessage> messages, int maxChars, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var user = messages.Where(m => m.Role == "user" && !string.IsNullOrWhiteSpace(m.Content)).ToList();
        var builder = new StringBuilder();
        if (user.Count > 0)
        {
            builder.Append("Customer asked: ").Append(Clip(user[0].Content!, 200)).Append('\n');
        }

        if (user.Count > 1)
        {
            builder.Append("Latest message: ").Append(Clip(user[^1].Content!, 200)).Append('\n');
        }

        var references = user
            .SelectMany(m => _slots.Extract(m.Content!, today))
            .Where(s => s.Type != SlotTypes.Date)
            .Select(s => $"{s.Type.Replace('_', ' ')} {s.Value}")
            .Distinct(StringComparer.Ordinal)
            .Take(8)
            .ToList();
        if (references.Count > 0)
        {
            builder.Append("References: ").Append(string.Join("; ", references)).Append('\n');
        }

        var tools = messages.SelectMany(m => m.ToolCalls).Select(c => c.Name).Distinct(StringComparer.Ordinal).ToList();
        if (tools.Count > 0)
        {
            builder.Append("Tools used: ").Append(string.Join(", ", tools)).Append('\n');
        }

        var lastAnswer = messages.LastOrDefault(m => m.Role == "assistant" && !string.IsNullOrWhiteSpace(m.Content));
        if (lastAnswer is not null)
        {
            builder.Append("Last answer: ").Append(Clip(lastAnswer.Content!, 200)).Append('\n');
        }

        builder.Append("Messages: ").Append(user.Count).Append(" from the customer, ")
            .Append(messages.Count(m => m.Role == "assistant")).Append(" from the bot.");
        // The sections stay on their own lines; only the customer's and the bot's own text is folded onto one line.
        return Clip(builder.ToString(), maxChars, singleLine: false);
    }

    private static string Clip(string text, int max, bool singleLine = true)
    {
        text = singleLine ? text.ReplaceLineEndings(" ").Trim() : text.Trim();
        if (text.Length <= max)
        {
            return text;
        }

        var cut = max - 1;
        if (cut > 0 && char.IsHighSurrogate(text[cut - 1]))
        {
            cut--;
        }

        return text[..cut] + "…";
    }
}
