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
    IReadOnlyDictionary<string, string> Metadata)
{
    /// <summary>Gets the tenant the conversation belongs to.</summary>
    public string TenantId { get; init; } = Governance.ModelCallContext.DefaultTenant;

    /// <summary>Gets who owns it (see <see cref="Conversation.OwnerId"/>).</summary>
    public string? OwnerId { get; init; }
}
