namespace Switchboard.Agents.Definitions;

/// <summary>How a router agent chooses the specialist for each new user message.</summary>
public sealed record RouterSettings
{
    /// <summary>Gets how it decides (default <see cref="RouterMode.Classifier"/>).</summary>
    public RouterMode Mode { get; init; } = RouterMode.Classifier;

    /// <summary>Gets the classifier confidence at or above which its choice stands (default 0.5); below it the LLM decides in hybrid mode.</summary>
    public double Threshold { get; init; } = 0.5;

    /// <summary>Gets the route taken when nothing fits and no specialist has the conversation yet.</summary>
    public required string Default { get; init; }

    /// <summary>Gets the model the LLM path uses; null for the router's own model.</summary>
    public string? Model { get; init; }

    /// <summary>Gets the routes: agent names, or <c>human</c> for the handoff queue.</summary>
    public required IReadOnlyList<string> Routes { get; init; }

    /// <summary>Gets examples for the <c>human</c> route (complaints, requests for a person).</summary>
    public IReadOnlyList<string> HumanExamples { get; init; } = [];
}
