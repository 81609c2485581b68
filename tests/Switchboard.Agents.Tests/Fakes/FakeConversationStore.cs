using System.Globalization;
using Switchboard.Abstractions.Conversations;

namespace Switchboard.Agents.Tests.Fakes;

/// <summary>An in-memory <see cref="IConversationStore"/>: messages get ids, sequence numbers and the fake clock's time.</summary>
public sealed class FakeConversationStore : IConversationStore
{
    private readonly object _lock = new();
    private readonly Dictionary<string, Conversation> _conversations = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<ConversationMessage>> _messages = new(StringComparer.Ordinal);
    private readonly TimeProvider _timeProvider;
    private int _nextId;

    public FakeConversationStore(TimeProvider? timeProvider = null) => _timeProvider = timeProvider ?? TimeProvider.System;

    /// <summary>Gets a copy of a conversation's messages, oldest first.</summary>
    public IReadOnlyList<ConversationMessage> Messages(string conversationId)
    {
        lock (_lock)
        {
            return _messages.TryGetValue(conversationId, out var list) ? [.. list] : [];
        }
    }

    public Task<Conversation> CreateAsync(NewConversation conversation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        lock (_lock)
        {
            var now = _timeProvider.GetUtcNow();
            var created = new Conversation(NextId("conv"), conversation.Title, conversation.Model, conversation.Agent, conversation.Metadata, now, now, 0);
            _conversations[created.Id] = created;
            _messages[created.Id] = [];
            return Task.FromResult(created);
        }
    }

    public Task<Conversation?> GetAsync(string id, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(_conversations.GetValueOrDefault(id) is { } c ? c with { MessageCount = _messages[id].Count } : null);
        }
    }

    public Task<Page<Conversation>> ListAsync(ConversationScope? scope, int limit, string? cursor, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(new Page<Conversation>([.. _conversations.Values.Where(c => scope is null || scope.Contains(c)).Take(limit)], null));
        }
    }

    public Task<bool> DeleteAsync(string id, CancellationToken cancellationToken, Abstractions.Access.AuditRecord? audit = null)
    {
        lock (_lock)
        {
            _messages.Remove(id);
            return Task.FromResult(_conversations.Remove(id));
        }
    }

    /// <summary>Gets or sets what happens, elsewhere, while messages are being stored (before they are).</summary>
    public Action<IReadOnlyList<NewMessage>>? WhileAppending { get; set; }

    public Task<IReadOnlyList<ConversationMessage>> AppendAsync(string conversationId, IReadOnlyList<NewMessage> messages, CancellationToken cancellationToken, Func<IReadOnlyList<ConversationMessage>, Abstractions.Access.AuditRecord>? audit = null)
    {
        ArgumentNullException.ThrowIfNull(messages);
        WhileAppending?.Invoke(messages);
        lock (_lock)
        {
            if (!_messages.TryGetValue(conversationId, out var list))
            {
                throw new KeyNotFoundException($"There is no conversation '{conversationId}'.");
            }

            var stored = new List<ConversationMessage>();
            foreach (var message in messages)
            {
                var item = new ConversationMessage(
                    NextId("msg"), conversationId, list.Count + 1, message.Role, message.Content, message.ToolCalls, message.ToolCallId,
                    message.Model, message.Provider, message.PromptTokens, message.CompletionTokens, message.LatencyMs, message.FinishReason,
                    _timeProvider.GetUtcNow())
                {
                    Author = message.Author,
                };
                list.Add(item);
                stored.Add(item);
            }

            return Task.FromResult<IReadOnlyList<ConversationMessage>>(stored);
        }
    }

    public Task<Page<ConversationMessage>> ListMessagesAsync(string conversationId, int limit, string? cursor, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var skip = cursor is null ? 0 : int.Parse(cursor, CultureInfo.InvariantCulture);
            var list = _messages.GetValueOrDefault(conversationId) ?? [];
            var page = list.Skip(skip).Take(limit).ToList();
            var next = skip + page.Count < list.Count ? (skip + page.Count).ToString(CultureInfo.InvariantCulture) : null;
            return Task.FromResult(new Page<ConversationMessage>(page, next));
        }
    }

    public Task<IReadOnlyList<ConversationMessage>> GetHistoryAsync(string conversationId, int maxMessages, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxMessages, 1);
        lock (_lock)
        {
            var list = _messages.GetValueOrDefault(conversationId) ?? [];
            return Task.FromResult<IReadOnlyList<ConversationMessage>>([.. list.TakeLast(maxMessages)]);
        }
    }

    private string NextId(string prefix) => $"{prefix}_{++_nextId}";
}
