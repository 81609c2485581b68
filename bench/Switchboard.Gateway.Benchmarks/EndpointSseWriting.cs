using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.AI;
using Switchboard.Server.Anthropic;
using Switchboard.Server.OpenAI;

namespace Switchboard.Gateway.Benchmarks;

/// <summary>
/// Runs the two streaming endpoints' writers, <see cref="OpenAIStreamResponse"/> (<c>POST /v1/chat/completions</c>)
/// and <see cref="AnthropicStreamResponse"/> (<c>POST /v1/messages</c>), on updates taken from an array. Every update
/// is ready at once, as when they all arrive in one read from upstream, so the writers coalesce them into one flush.
/// </summary>
internal static class EndpointSseWriting
{
    /// <summary>Writes the stream as <c>POST /v1/chat/completions</c> does: a chunk per update, the usage chunk, <c>[DONE]</c>.</summary>
    public static async Task WriteOpenAIAsync(HttpContext context, ChatResponseUpdate[] updates, bool includeUsage)
    {
        await using var enumerator = new ReadyUpdates(updates);
        await OpenAIStreamResponse.WriteAsync(context, enumerator, updates[0].ModelId!, includeUsage, TimeProvider.System);
    }

    /// <summary>Writes the stream as <c>POST /v1/messages</c> does.</summary>
    public static async Task WriteAnthropicAsync(HttpContext context, ChatResponseUpdate[] updates)
    {
        await using var enumerator = new ReadyUpdates(updates);
        await AnthropicStreamResponse.WriteAsync(context, enumerator, updates[0].ModelId!, TimeProvider.System);
    }
}
