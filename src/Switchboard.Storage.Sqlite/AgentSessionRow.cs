using Switchboard.Abstractions.Agents;

namespace Switchboard.Storage.Sqlite;

/// <summary>An <c>agent_sessions</c> row as Dapper reads it.</summary>
internal sealed class AgentSessionRow
{
    public string ConversationId { get; set; } = string.Empty;

    public string CurrentAgent { get; set; } = string.Empty;

    public string Status { get; set; } = string.Empty;

    public long FailedTurns { get; set; }

    public long UpdatedAt { get; set; }

    public AgentSession ToSession() => new(
        ConversationId,
        CurrentAgent,
        Status,
        (int)FailedTurns,
        DateTimeOffset.FromUnixTimeMilliseconds(UpdatedAt));
}
