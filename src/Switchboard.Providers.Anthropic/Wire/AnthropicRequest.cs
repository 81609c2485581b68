using Microsoft.Extensions.AI;

namespace Switchboard.Providers.Anthropic.Wire;

/// <summary>An Anthropic Messages request translated to Microsoft.Extensions.AI types.</summary>
/// <param name="Model">The model the caller asked for.</param>
/// <param name="Messages">The conversation (system prompt first, as a system message).</param>
/// <param name="Options">Sampling settings and tools.</param>
/// <param name="Stream">Whether the caller asked for Server-Sent Events.</param>
public sealed record AnthropicRequest(string Model, IList<ChatMessage> Messages, ChatOptions Options, bool Stream);
