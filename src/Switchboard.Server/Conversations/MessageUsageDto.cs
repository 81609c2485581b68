namespace Switchboard.Server.Conversations;

/// <summary>Token counts of the model call that produced a message.</summary>
internal sealed record MessageUsageDto(long? PromptTokens, long? CompletionTokens);
