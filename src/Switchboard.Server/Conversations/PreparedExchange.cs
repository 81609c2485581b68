using Microsoft.Extensions.AI;
using Switchboard.Abstractions.Catalog;
using Switchboard.Abstractions.Conversations;

namespace Switchboard.Server.Conversations;

/// <summary>An exchange whose user message is stored and whose model call is ready to run.</summary>
/// <param name="ConversationId">The conversation.</param>
/// <param name="Model">The resolved model.</param>
/// <param name="UserMessage">The stored user message.</param>
/// <param name="Messages">The prompt: history plus the new message.</param>
/// <param name="Options">The call's options.</param>
/// <param name="StartedAt">The timestamp the latency is measured from.</param>
internal sealed record PreparedExchange(
    string ConversationId,
    string Model,
    ConversationMessage UserMessage,
    IList<ChatMessage> Messages,
    ChatOptions Options,
    long StartedAt);
