using System.Text.Json;
using Switchboard.Abstractions.Conversations;

namespace Switchboard.Storage.Sqlite;

/// <summary>A <c>conversations</c> row as Dapper reads it.</summary>
internal sealed class ConversationRow
{
    public string Id { get; set; } = string.Empty;

    public string? Title { get; set; }

    public string? Model { get; set; }

    public string? Agent { get; set; }

    public string Metadata { get; set; } = "{}";

    public long CreatedAt { get; set; }

    public long UpdatedAt { get; set; }

    public long MessageCount { get; set; }

    public string TenantId { get; set; } = Abstractions.Governance.ModelCallContext.DefaultTenant;

    public string? OwnerId { get; set; }

    public Conversation ToConversation() => new(
        Id,
        Title,
        Model,
        Agent,
        JsonSerializer.Deserialize(Metadata, StorageJsonContext.Default.IReadOnlyDictionaryStringString)
            ?? new Dictionary<string, string>(),
        DateTimeOffset.FromUnixTimeMilliseconds(CreatedAt),
        DateTimeOffset.FromUnixTimeMilliseconds(UpdatedAt),
        (int)MessageCount)
    {
        TenantId = TenantId,
        OwnerId = OwnerId,
    };
}
