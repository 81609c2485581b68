using Microsoft.Extensions.AI;

namespace Switchboard.Governance.Benchmarks;

/// <summary>
/// The innermost client: answers every call with the same completed task, so that a benchmark measures the stages
/// around it and nothing of the fake.
/// </summary>
internal sealed class NoOpChatClient : IChatClient
{
    private readonly Task<ChatResponse> _response;

    public NoOpChatClient(ChatResponse response) => _response = Task.FromResult(response);

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        _response;

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("The governance benchmarks measure non-streaming calls.");

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }
}
