namespace Switchboard.Abstractions.Conversations;

/// <summary>What a caller supplies to create a conversation.</summary>
/// <param name="Title">An optional title.</param>
/// <param name="Model">The default model for replies.</param>
/// <param name="Agent">The agent that answers.</param>
/// <param name="Metadata">Caller-defined string pairs.</param>
public sealed record NewConversation(
    string? Title,
    string? Model,
    string? Agent,
    IReadOnlyDictionary<string, string> Metadata);
