namespace Switchboard.Abstractions.Conversations;

/// <summary>A stored conversation.</summary>
/// <param name="Id">The conversation id (<c>conv_…</c>, sortable by creation time).</param>
/// <param name="Title">An optional title.</param>
/// <param name="Model">The model replies use unless a message names another.</param>
/// <param name="Agent">The agent that answers, when the conversation is run by an agent.</param>
/// <param name="Metadata">Caller-defined string pairs.</param>
/// <param name="CreatedAt">When it was created.</param>
/// <param name="UpdatedAt">When a message was last added.</param>
/// <param name="MessageCount">How many messages it holds.</param>
public sealed record Conversation(
    string Id,
    string? Title,
    string? Model,
    string? Agent,
    IReadOnlyDictionary<string, string> Metadata,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    int MessageCount)
{
    /// <summary>Gets the tenant the conversation belongs to.</summary>
    public string TenantId { get; init; } = Governance.ModelCallContext.DefaultTenant;

    /// <summary>Gets who owns it: a user id, or <c>key:&lt;id&gt;</c> for a key without a user; null when created without authentication.</summary>
    public string? OwnerId { get; init; }
}
