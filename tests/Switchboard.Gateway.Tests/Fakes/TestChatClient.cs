using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace Switchboard.Gateway.Tests.Fakes;

/// <summary>A hand-written <see cref="IChatClient"/> whose behaviour each test sets through callbacks.</summary>
public sealed class TestChatClient : IChatClient
{
    public Func<IEnumerable<ChatMessage>, ChatOptions?, CancellationToken, Task<ChatResponse>>? GetResponseAsyncCallback { get; set; }

    public Func<IEnumerable<ChatMessage>, ChatOptions?, CancellationToken, IAsyncEnumerable<ChatResponseUpdate>>? GetStreamingResponseAsyncCallback { get; set; }

    /// <summary>Gets the options of every call, in order (recorded under a lock: some tests call concurrently).</summary>
    public List<ChatOptions?> ReceivedOptions { get; } = [];

    public bool Disposed { get; private set; }

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        Record(options);
        return GetResponseAsyncCallback?.Invoke(messages, options, cancellationToken)
            ?? Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, "ok")));
    }

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        Record(options);
        return GetStreamingResponseAsyncCallback?.Invoke(messages, options, cancellationToken) ?? Single(cancellationToken);

        static async IAsyncEnumerable<ChatResponseUpdate> Single([EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            await Task.Yield();
            yield return new ChatResponseUpdate(ChatRole.Assistant, "ok");
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => serviceType.IsInstanceOfType(this) ? this : null;

    public void Dispose() => Disposed = true;

    private void Record(ChatOptions? options)
    {
        lock (ReceivedOptions)
        {
            ReceivedOptions.Add(options);
        }
    }
}
