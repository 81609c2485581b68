using Microsoft.Extensions.AI;
using Switchboard.Abstractions.Governance;

namespace Switchboard.Agents.Tests.Fakes;

/// <summary>A request the <see cref="ScriptedChatClient"/> received.</summary>
/// <param name="Messages">The messages, as sent.</param>
/// <param name="ModelId">The model asked for.</param>
/// <param name="Tools">The names of the tools offered.</param>
/// <param name="Streaming">Whether it was a streaming call.</param>
public sealed record ScriptedRequest(IReadOnlyList<ChatMessage> Messages, string? ModelId, IReadOnlyList<string> Tools, bool Streaming)
{
    /// <summary>
    /// Gets <see cref="ModelCallContext.Current"/> as the model saw it at each step of the call: when the request
    /// arrived, before each update of a stream, and when the stream ended.
    /// </summary>
    public List<ModelCallContext?> Contexts { get; } = [];

    /// <summary>Gets the tool results the request carries, by call id.</summary>
    public IReadOnlyDictionary<string, string> ToolResults =>
        Messages.SelectMany(m => m.Contents).OfType<FunctionResultContent>()
            .ToDictionary(r => r.CallId, r => r.Result?.ToString() ?? string.Empty, StringComparer.Ordinal);
}
