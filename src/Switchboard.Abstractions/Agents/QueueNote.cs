namespace Switchboard.Abstractions.Agents;

/// <summary>An internal note on a handoff queue item.</summary>
/// <param name="Id">The note id (<c>note_…</c>).</param>
/// <param name="QueueItemId">The item.</param>
/// <param name="Author">Who wrote it.</param>
/// <param name="Text">The note.</param>
/// <param name="CreatedAt">When it was written.</param>
public sealed record QueueNote(string Id, string QueueItemId, string Author, string Text, DateTimeOffset CreatedAt);
