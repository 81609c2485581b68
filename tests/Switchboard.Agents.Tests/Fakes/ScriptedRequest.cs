using Microsoft.Extensions.AI;

namespace Switchboard.Agents.Tests.Fakes;

/// <summary>A request the <see cref="ScriptedChatClient"/> received.</summary>
/// <param name="Messages">The messages, as sent.</param>
/// <param name="ModelId">The model asked for.</param>
/// <param name="Tools">The names of the tools offered.</param>
/// <param name="Streaming">Whether it was a streaming call.</param>
public sealed record ScriptedRequest(IReadOnlyList<ChatMessage> Messages, string? ModelId, IReadOnlyList<string> Tools, bool Streaming)
{
    /// <summary>Gets the tool results the request carries, by call id.</summary>
    public IReadOnlyDictionary<string, string> ToolResults =>
        Messages.SelectMany(m => m.Contents).OfType<FunctionResultContent>()
            .ToDictionary(r => r.CallId, r => r.Result?.ToString() ?? string.Empty, StringComparer.Ordinal);
}
