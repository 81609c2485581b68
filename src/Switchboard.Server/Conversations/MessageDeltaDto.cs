namespace Switchboard.Server.Conversations;

/// <summary>A piece of the reply streamed as it arrives (<c>event: message.delta</c>).</summary>
internal sealed record MessageDeltaDto(string Content);
