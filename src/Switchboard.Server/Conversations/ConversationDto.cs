using Switchboard.Abstractions.Conversations;

namespace Switchboard.Server.Conversations;

/// <summary>A conversation as the API shows it.</summary>
internal sealed record ConversationDto(
    string Id,
    string Object,
    string? Title,
    string? Model,
    string? Agent,
    IReadOnlyDictionary<string, string> Metadata,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    int MessageCount)
{
    public static ConversationDto From(Conversation c) =>
        new(c.Id, "conversation", c.Title, c.Model, c.Agent, c.Metadata, c.CreatedAt, c.UpdatedAt, c.MessageCount);
}
