namespace Switchboard.Agents.Definitions;

/// <summary>When an agent hands the conversation to a person, and to whom.</summary>
public sealed record EscalationSettings
{
    /// <summary>Gets a value indicating whether the rules apply (default true).</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>Gets the confidence below which an answer counts as a failed turn (default 0.5).</summary>
    public double MinConfidence { get; init; } = 0.5;

    /// <summary>Gets the sentiment score at or below which a message escalates at once (default -0.75; -1 is the most negative).</summary>
    public double NegativeSentiment { get; init; } = -0.75;

    /// <summary>Gets a value indicating whether an explicit request for a person escalates (default true).</summary>
    public bool OnHumanRequest { get; init; } = true;

    /// <summary>Gets the router intents (route names) that escalate at once (default <c>human</c>, which covers complaints).</summary>
    public IReadOnlyList<string> Intents { get; init; } = ["human"];

    /// <summary>Gets how many failed turns in a row escalate (default 2).</summary>
    public int MaxFailedTurns { get; init; } = 2;

    /// <summary>Gets the team whose queue receives the conversation (default <c>support</c>).</summary>
    public string Team { get; init; } = "support";

    /// <summary>Gets the priority of the queue item (default <c>normal</c>; negative sentiment raises it to <c>high</c>).</summary>
    public string Priority { get; init; } = "normal";
}
