namespace Switchboard.Abstractions.Agents;

/// <summary>Filters a listing of the handoff queue.</summary>
/// <param name="Team">Only this team; null for all.</param>
/// <param name="Priority">Only this priority; null for all.</param>
/// <param name="Status">Only this status; null for waiting and claimed.</param>
/// <param name="Limit">At most this many items.</param>
public sealed record QueueFilter(string? Team, string? Priority, string? Status, int Limit)
{
    /// <summary>Gets the tenant whose conversations' items to list; null for all.</summary>
    public string? TenantId { get; init; }

    /// <summary>Gets the <see cref="Conversations.Page{T}.NextCursor"/> of the previous page; null for the first.</summary>
    public string? Cursor { get; init; }
}
