using Switchboard.Abstractions.Agents;
using Switchboard.Agents.Definitions;
using Switchboard.Nlu.Sentiment;

namespace Switchboard.Agents.Runtime;

/// <summary>
/// An agent's escalation rules. Checked on each user message: an explicit request for a person, or sentiment at or
/// below the threshold, escalates at once. Checked after each answer: a turn the bot could not answer (declined,
/// confidence below the minimum, or stopped by tool errors) counts as failed, and enough failed turns in a row escalate.
/// </summary>
public sealed class EscalationRules
{
    private readonly SentimentAnalyzer _sentiment = new();

    /// <summary>Checks a user message before the agent answers; null when it does not escalate.</summary>
    public EscalationDecision? CheckMessage(EscalationSettings settings, string message)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(message);
        if (!settings.Enabled)
        {
            return null;
        }

        if (settings.OnHumanRequest && HumanRequestDetector.IsMatch(message))
        {
            return new EscalationDecision("The customer asked for a person.", settings.Priority, EscalationKinds.HumanRequest);
        }

        var sentiment = _sentiment.Analyze(message);
        if (sentiment.Label == SentimentLabel.Negative && sentiment.Score <= settings.NegativeSentiment)
        {
            return new EscalationDecision(
                $"Negative sentiment ({sentiment.Score.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture)}).",
                Raise(settings.Priority),
                EscalationKinds.NegativeSentiment);
        }

        return null;
    }

    /// <summary>Checks a route the router chose; null when it does not escalate.</summary>
    public static EscalationDecision? CheckRoute(EscalationSettings settings, string route)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return settings.Enabled && (route == AgentCatalog.HumanRoute || settings.Intents.Contains(route))
            ? new EscalationDecision($"The message was routed to '{route}' (a complaint or a request for a person).", Raise(settings.Priority), EscalationKinds.Routed)
            : null;
    }

    /// <summary>Whether an answer counts as a failed turn.</summary>
    /// <param name="settings">The rules.</param>
    /// <param name="declined">The model said it could not answer.</param>
    /// <param name="confidence">The model's confidence, when it reports one.</param>
    public static bool IsFailedTurn(EscalationSettings settings, bool declined, double? confidence)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return declined || confidence < settings.MinConfidence;
    }

    /// <summary>Checks the count of failed turns in a row; null when it does not escalate.</summary>
    public static EscalationDecision? CheckFailedTurns(EscalationSettings settings, int failedTurns)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return settings.Enabled && failedTurns >= settings.MaxFailedTurns
            ? new EscalationDecision($"The bot could not answer {failedTurns} turns in a row.", settings.Priority, EscalationKinds.FailedTurns)
            : null;
    }

    private static string Raise(string priority)
    {
        var index = QueuePriority.All.ToList().IndexOf(priority);
        return QueuePriority.All[Math.Min(Math.Max(index, 0) + 1, QueuePriority.All.Count - 1)];
    }
}
