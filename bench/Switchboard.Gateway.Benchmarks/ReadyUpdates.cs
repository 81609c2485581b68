using Microsoft.Extensions.AI;

namespace Switchboard.Gateway.Benchmarks;

/// <summary>An enumerator of updates that are all ready: every move completes at once, without allocating.</summary>
internal sealed class ReadyUpdates(ChatResponseUpdate[] updates) : IAsyncEnumerator<ChatResponseUpdate>
{
    private int _index = -1;

    public ChatResponseUpdate Current => updates[_index];

    public ValueTask<bool> MoveNextAsync() => ValueTask.FromResult(++_index < updates.Length);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
