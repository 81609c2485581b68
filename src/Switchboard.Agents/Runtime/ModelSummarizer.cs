using System.Collections.Concurrent;
using System.Text;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Switchboard.Abstractions.Catalog;
using Switchboard.Abstractions.Conversations;

namespace Switchboard.Agents.Runtime;

/// <summary>
/// The running summary of the turns that no longer fit an LLM agent's context, written by the agent's own model and
/// kept up to date incrementally: each call folds only the messages that left the window since the last summary into
/// it. Summaries are cached per conversation in memory; when the model fails, the caller falls back to the
/// extractive summary.
/// </summary>
public sealed partial class ModelSummarizer
{
    /// <summary>The system prompt of a summary call.</summary>
    public const string Instructions =
        "You maintain a running summary of a customer conversation for the assistant that continues it. Keep the " +
        "customer's goal, the facts they gave (order numbers, e-mail addresses, amounts, dates), what was done and what " +
        "the tools returned, what was promised, and what is still open. Plain text, no preamble.";

    private const int CacheCapacity = 10_000;

    private readonly IChatClient _pipeline;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, (string LastId, long LastSequence, string Summary)> _cache = new(StringComparer.Ordinal);

    /// <summary>Initializes a new instance of the <see cref="ModelSummarizer"/> class.</summary>
    public ModelSummarizer(IChatClient pipeline, ILogger logger)
    {
        _pipeline = pipeline;
        _logger = logger;
    }

    /// <summary>Returns the summary of <paramref name="older"/> (oldest first), or null when the model could not write one.</summary>
    public async Task<string?> SummarizeAsync(
        string conversationId,
        RouteDefinition model,
        int maxChars,
        IReadOnlyList<ConversationMessage> older,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(older);
        if (older.Count == 0)
        {
            return null;
        }

        var lastId = older[^1].Id;
        string? previous = null;
        var from = 0;
        if (_cache.TryGetValue(conversationId, out var cached))
        {
            if (cached.LastId == lastId)
            {
                // Written for this agent's limit or another's (a transfer keeps the conversation's summary).
                return cached.Summary.Length > maxChars ? cached.Summary[..maxChars] : cached.Summary;
            }

            var index = IndexOf(older, cached.LastId);
            if (index >= 0)
            {
                previous = cached.Summary;
                from = index + 1;
            }
            else if (cached.LastSequence < older[0].Sequence)
            {
                // More messages arrived since the last summary than the summary window reads (a long operator phase):
                // the summary still holds everything before them, so it is folded into, not thrown away.
                previous = cached.Summary;
            }
        }

        var prompt = new StringBuilder()
            .Append("Summary so far:\n").Append(previous ?? "(none)").Append("\n\nMessages to fold in:\n");
        for (var i = from; i < older.Count; i++)
        {
            var message = older[i];
            var text = message.Role == "assistant" && message.ToolCalls.Count > 0
                ? $"{message.Content} [called {string.Join(", ", message.ToolCalls.Select(c => $"{c.Name}({c.Arguments})"))}]"
                : message.Content;
            prompt.Append(message.Role).Append(": ").Append(text).Append('\n');
        }

        prompt.Append("\nWrite the updated summary in at most ").Append(maxChars).Append(" characters.");
        try
        {
            var response = await _pipeline.GetResponseAsync(
                [new ChatMessage(ChatRole.System, Instructions), new ChatMessage(ChatRole.User, prompt.ToString())],
                // A token per character: Chinese text takes about one (English about a quarter), and the prompt
                // asks for maxChars characters; the cap only bounds a runaway answer.
                new ChatOptions { ModelId = model.Name, Temperature = 0, MaxOutputTokens = Math.Max(64, maxChars) },
                cancellationToken).ConfigureAwait(false);
            var summary = response.Text.Trim();
            if (summary.Length == 0)
            {
                return null;
            }

            if (summary.Length > maxChars)
            {
                summary = summary[..maxChars];
            }

            if (response.FinishReason == ChatFinishReason.Length)
            {
                // Cut off mid-sentence: good enough for this call, but not a base for the next fold.
                LogCutOff(_logger, model.Name);
                return summary;
            }

            if (_cache.Count >= CacheCapacity)
            {
                _cache.Clear();
            }

            _cache[conversationId] = (lastId, older[^1].Sequence, summary);
            return summary;
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogFailed(_logger, exception, model.Name);
            return null;
        }
    }

    private static int IndexOf(IReadOnlyList<ConversationMessage> messages, string id)
    {
        for (var i = messages.Count - 1; i >= 0; i--)
        {
            if (messages[i].Id == id)
            {
                return i;
            }
        }

        return -1;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "The running summary by {Model} reached its token limit; it is used once and not kept")]
    private static partial void LogCutOff(ILogger logger, string model);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The running summary by {Model} failed; the extractive summary is used")]
    private static partial void LogFailed(ILogger logger, Exception exception, string model);
}
