using Microsoft.Extensions.AI;

namespace Switchboard.Providers.OpenAI.Wire;

/// <summary>An OpenAI chat-completions request translated to Microsoft.Extensions.AI types.</summary>
/// <param name="Model">The model the caller asked for.</param>
/// <param name="Messages">The conversation.</param>
/// <param name="Options">Sampling settings, tools and pass-through fields.</param>
/// <param name="Stream">Whether the caller asked for Server-Sent Events.</param>
/// <param name="IncludeUsage">Whether a streaming caller asked for a final usage chunk.</param>
public sealed record OpenAIChatRequest(
    string Model,
    IList<ChatMessage> Messages,
    ChatOptions Options,
    bool Stream,
    bool IncludeUsage);
