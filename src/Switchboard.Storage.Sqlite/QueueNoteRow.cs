using Switchboard.Abstractions.Agents;

namespace Switchboard.Storage.Sqlite;

/// <summary>A <c>handoff_notes</c> row as Dapper reads and writes it.</summary>
internal sealed class QueueNoteRow
{
    public string Id { get; set; } = string.Empty;

    public string QueueItemId { get; set; } = string.Empty;

    public string Author { get; set; } = string.Empty;

    public string Text { get; set; } = string.Empty;

    public long CreatedAt { get; set; }

    public QueueNote ToNote() => new(Id, QueueItemId, Author, Text, DateTimeOffset.FromUnixTimeMilliseconds(CreatedAt));
}
