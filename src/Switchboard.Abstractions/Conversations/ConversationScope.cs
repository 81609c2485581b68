namespace Switchboard.Abstractions.Conversations;

/// <summary>Which conversations a listing may show.</summary>
/// <param name="TenantId">Only this tenant's.</param>
/// <param name="OwnerId">Only this owner's; null for the whole tenant.</param>
public sealed record ConversationScope(string TenantId, string? OwnerId)
{
    /// <summary>Gets whether <paramref name="conversation"/> is inside the scope.</summary>
    public bool Contains(Conversation conversation)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        return string.Equals(conversation.TenantId, TenantId, StringComparison.Ordinal)
            && (OwnerId is null || string.Equals(conversation.OwnerId, OwnerId, StringComparison.Ordinal));
    }
}
