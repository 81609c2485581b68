namespace Switchboard.Server.Conversations;

/// <summary>One page of a listing.</summary>
internal sealed record ListResponse<T>(string Object, IReadOnlyList<T> Data, string? NextCursor, bool HasMore);
