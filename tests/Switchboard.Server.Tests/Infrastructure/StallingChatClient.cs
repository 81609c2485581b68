using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace Switchboard.Server.Tests.Infrastructure;

/// <summary>
/// A provider client that is slow to give up: its stream sends one update, then waits, and once cancelled takes
/// <see cref="UnwindDelay"/> before it ends (as an SDK that notices cancellation late would).
/// </summary>
internal sealed class StallingChatClient : IChatClient
{
    public static readonly TimeSpan UnwindDelay = TimeSpan.FromSeconds(2.5);

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("The stalling provider only streams.");

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        yield return new ChatResponseUpdate(ChatRole.Assistant, "Thinking") { ModelId = options?.ModelId };
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            await Task.Delay(UnwindDelay, CancellationToken.None);
            throw;
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }
}
