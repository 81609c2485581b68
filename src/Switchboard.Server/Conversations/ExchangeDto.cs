namespace Switchboard.Server.Conversations;

/// <summary>The reply to a posted message: both stored messages.</summary>
internal sealed record ExchangeDto(MessageDto UserMessage, MessageDto AssistantMessage);
