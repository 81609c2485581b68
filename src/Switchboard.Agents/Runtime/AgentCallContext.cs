using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Switchboard.Abstractions.Governance;

namespace Switchboard.Agents.Runtime;

/// <summary>
/// Charges the runtime's model calls to the agent that makes them: the caller's <see cref="ModelCallContext"/> narrowed
/// to the agent, the run (one user message) and the conversation, made current around each call.
/// </summary>
internal static class AgentCallContext
{
    /// <summary>The caller's context (or the default tenant's) with the agent, the run and, when unset, the conversation.</summary>
    public static ModelCallContext For(string agent, string runId, string conversationId)
    {
        var current = ModelCallContext.Current;
        return (current ?? new ModelCallContext()) with
        {
            Agent = agent,
            AgentRunId = runId,
            ConversationId = current?.ConversationId ?? conversationId,
        };
    }

    /// <summary>Streams a model call with <paramref name="context"/> current for the whole of it.</summary>
    /// <remarks>
    /// An async iterator resumes in its caller's context at every step, so a context made current once inside one is
    /// gone after its first <c>yield</c>. It is therefore made current around each step of the pipeline's stream —
    /// starting it, every <c>MoveNextAsync</c> and the disposal — so that every stage sees it until the stream ends.
    /// </remarks>
    public static async IAsyncEnumerable<ChatResponseUpdate> StreamAsync(
        IChatClient client,
        IEnumerable<ChatMessage> messages,
        ChatOptions options,
        ModelCallContext context,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        IAsyncEnumerator<ChatResponseUpdate> updates;
        using (ModelCallContext.Push(context))
        {
            updates = client.GetStreamingResponseAsync(messages, options, cancellationToken).GetAsyncEnumerator(cancellationToken);
        }

        try
        {
            while (true)
            {
                bool more;
                using (ModelCallContext.Push(context))
                {
                    more = await updates.MoveNextAsync().ConfigureAwait(false);
                }

                if (!more)
                {
                    yield break;
                }

                yield return updates.Current;
            }
        }
        finally
        {
            using (ModelCallContext.Push(context))
            {
                await updates.DisposeAsync().ConfigureAwait(false);
            }
        }
    }
}
