using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Switchboard.Abstractions.Chat;
using Switchboard.Abstractions.Governance;

namespace Switchboard.Agents.Tests.Fakes;

/// <summary>
/// An <see cref="IChatClient"/> that answers from a script: queued turns first, then <see cref="Fallback"/>. Text is
/// streamed word by word, tool calls and usage follow in their own updates. Every request is recorded.
/// </summary>
public sealed class ScriptedChatClient : IChatClient
{
    private readonly object _lock = new();
    private readonly Queue<ScriptedTurn> _turns = new();
    private readonly List<ScriptedRequest> _requests = [];

    public ScriptedChatClient(params ScriptedTurn[] turns)
    {
        foreach (var turn in turns)
        {
            _turns.Enqueue(turn);
        }
    }

    /// <summary>Gets or sets what answers once the queue is empty; null makes an unexpected call fail the test.</summary>
    public Func<ScriptedRequest, ScriptedTurn>? Fallback { get; set; }

    /// <summary>Gets every request, in order.</summary>
    public IReadOnlyList<ScriptedRequest> Requests
    {
        get
        {
            lock (_lock)
            {
                return [.. _requests];
            }
        }
    }

    public void Enqueue(ScriptedTurn turn)
    {
        lock (_lock)
        {
            _turns.Enqueue(turn);
        }
    }

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var turn = Next(messages, options, streaming: false, out _);
        var contents = new List<AIContent>();
        if (turn.Text.Length > 0)
        {
            contents.Add(new TextContent(turn.Text));
        }

        contents.AddRange(turn.Calls);
        var response = new ChatResponse(new ChatMessage(ChatRole.Assistant, contents))
        {
            ModelId = options?.ModelId,
            Usage = turn.Usage,
            FinishReason = turn.Calls.Count > 0 ? ChatFinishReason.ToolCalls : ChatFinishReason.Stop,
        };
        if (turn.Metadata is { } metadata)
        {
            response.AdditionalProperties = new() { [ChatContentProperties.Metadata] = metadata };
        }

        return Task.FromResult(response);
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var turn = Next(messages, options, streaming: true, out var request);
        await Task.Yield();
        var words = turn.Text.Split(' ');
        for (var i = 0; i < words.Length && turn.Text.Length > 0; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            request.Contexts.Add(ModelCallContext.Current);
            yield return new ChatResponseUpdate(ChatRole.Assistant, i == 0 ? words[i] : " " + words[i]) { ModelId = options?.ModelId };
        }

        if (turn.Calls.Count > 0)
        {
            request.Contexts.Add(ModelCallContext.Current);
            yield return new ChatResponseUpdate(ChatRole.Assistant, [.. turn.Calls]) { ModelId = options?.ModelId };
        }

        var last = new ChatResponseUpdate(ChatRole.Assistant, [new UsageContent(turn.Usage)])
        {
            ModelId = options?.ModelId,
            FinishReason = turn.Calls.Count > 0 ? ChatFinishReason.ToolCalls : ChatFinishReason.Stop,
        };
        if (turn.Metadata is { } metadata)
        {
            last.AdditionalProperties = new() { [ChatContentProperties.Metadata] = metadata };
        }

        request.Contexts.Add(ModelCallContext.Current);
        yield return last;
        request.Contexts.Add(ModelCallContext.Current);
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => serviceType.IsInstanceOfType(this) ? this : null;

    public void Dispose()
    {
    }

    private ScriptedTurn Next(IEnumerable<ChatMessage> messages, ChatOptions? options, bool streaming, out ScriptedRequest request)
    {
        request = new ScriptedRequest([.. messages], options?.ModelId, [.. options?.Tools?.Select(t => t.Name) ?? []], streaming);
        request.Contexts.Add(ModelCallContext.Current);
        Func<ScriptedRequest, ScriptedTurn>? fallback;
        lock (_lock)
        {
            _requests.Add(request);
            if (_turns.TryDequeue(out var turn))
            {
                return turn;
            }

            fallback = Fallback;
        }

        return fallback?.Invoke(request)
            ?? throw new InvalidOperationException($"The script has no turn left for model call {_requests.Count} ({options?.ModelId}).");
    }
}
