using Microsoft.Extensions.AI;

namespace Switchboard.Gateway.Benchmarks;

/// <summary>
/// The provider adapter at the bottom of the pipeline: answers every call at once with a new <see cref="CannedAnswer"/>,
/// without a network or any wire format, so that what the stages above it cost is all that differs between the bare
/// and the full pipeline.
/// </summary>
internal sealed class CannedAnswerChatClient : IChatClient
{
    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        Task.FromResult(CannedAnswer.CreateResponse(options?.ModelId));

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        new CannedStream(options?.ModelId);

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType.IsInstanceOfType(this) ? this : null;

    public void Dispose()
    {
    }

    /// <summary>The canned updates, each made when it is asked for; every step completes synchronously.</summary>
    private sealed class CannedStream(string? modelId) : IAsyncEnumerable<ChatResponseUpdate>, IAsyncEnumerator<ChatResponseUpdate>
    {
        private int _next;

        public ChatResponseUpdate Current { get; private set; } = null!;

        // One enumeration per stream, as the pipeline makes it: the stream is its own enumerator.
        public IAsyncEnumerator<ChatResponseUpdate> GetAsyncEnumerator(CancellationToken cancellationToken = default) => this;

        public ValueTask<bool> MoveNextAsync()
        {
            if (_next > CannedAnswer.Deltas)
            {
                return ValueTask.FromResult(false);
            }

            Current = CannedAnswer.CreateUpdate(_next++, CannedAnswer.Deltas, modelId);
            return ValueTask.FromResult(true);
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
