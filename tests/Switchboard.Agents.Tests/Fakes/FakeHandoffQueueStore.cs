using Switchboard.Abstractions.Agents;
using Switchboard.Abstractions.Conversations;

namespace Switchboard.Agents.Tests.Fakes;

/// <summary>An in-memory <see cref="IHandoffQueueStore"/>.</summary>
public sealed class FakeHandoffQueueStore : IHandoffQueueStore
{
    private readonly object _lock = new();
    private readonly List<QueueItem> _items = [];
    private readonly List<QueueNote> _notes = [];
    private readonly TimeProvider _timeProvider;
    private int _nextId;

    public FakeHandoffQueueStore(TimeProvider? timeProvider = null) => _timeProvider = timeProvider ?? TimeProvider.System;

    /// <summary>Gets a copy of every item, in the order they were queued.</summary>
    public IReadOnlyList<QueueItem> Items
    {
        get
        {
            lock (_lock)
            {
                return [.. _items];
            }
        }
    }

    /// <summary>Gets or sets a failure every enqueue throws (the queue's database is down).</summary>
    public Exception? EnqueueFailure { get; set; }

    /// <summary>Gets or sets what happens right after an item is queued, before the caller hears of it (an operator acting at once).</summary>
    public Func<QueueItem, Task>? AfterEnqueue { get; set; }

    public async Task<QueueItem> EnqueueAsync(NewQueueItem item, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(item);
        if (EnqueueFailure is { } failure)
        {
            throw failure;
        }

        QueueItem queued;
        lock (_lock)
        {
            queued = new QueueItem(
                $"q_{++_nextId}", item.ConversationId, item.Agent, item.Reason, item.Priority, item.Team, item.Summary,
                QueueItemStatus.Waiting, null, _timeProvider.GetUtcNow(), null, null);
            _items.Add(queued);
        }

        if (AfterEnqueue is { } after)
        {
            await after(queued);
        }

        return queued;
    }

    public Task<QueueItem?> GetAsync(string id, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(_items.FirstOrDefault(i => i.Id == id));
        }
    }

    public Task<QueueItem?> GetOpenAsync(string conversationId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(_items.LastOrDefault(i => i.ConversationId == conversationId && i.Status is QueueItemStatus.Waiting or QueueItemStatus.Claimed));
        }
    }

    public Task<Page<QueueItem>> ListAsync(QueueFilter filter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        lock (_lock)
        {
            // One page only: the runtime's tests never list more.
            return Task.FromResult(new Page<QueueItem>([.. _items
                .Where(i => (filter.Team is null || i.Team == filter.Team)
                    && (filter.Priority is null || i.Priority == filter.Priority)
                    && (filter.Status is null || i.Status == filter.Status))
                .OrderByDescending(i => QueuePriority.Rank(i.Priority))
                .Take(filter.Limit)], null));
        }
    }

    public Task<IReadOnlyList<QueueGroupSummary>> SummarizeOpenAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<QueueGroupSummary>>([.. _items
                .Where(i => i.Status is QueueItemStatus.Waiting or QueueItemStatus.Claimed)
                .GroupBy(i => (i.Status, i.Team))
                .Select(g => new QueueGroupSummary(g.Key.Status, g.Key.Team, g.Count(), g.Min(i => i.CreatedAt)))]);
        }
    }

    public Task<QueueChange?> ClaimAsync(string id, string operatorName, CancellationToken cancellationToken, Abstractions.Access.AuditRecord? audit = null) =>
        Replace(id, i => i.Status == QueueItemStatus.Waiting, i => i with { Status = QueueItemStatus.Claimed, Operator = operatorName, ClaimedAt = _timeProvider.GetUtcNow() });

    public Task<QueueChange?> CloseAsync(string id, string status, string? operatorName, CancellationToken cancellationToken, Abstractions.Access.AuditRecord? audit = null) =>
        Replace(
            id,
            i => i.ClosedAt is null && (operatorName is null || i.Status == QueueItemStatus.Waiting || i.Operator == operatorName),
            i => i with { Status = status, ClosedAt = _timeProvider.GetUtcNow(), Operator = i.Operator ?? operatorName });

    public Task<QueueNote> AddNoteAsync(string id, string author, string text, CancellationToken cancellationToken, Abstractions.Access.AuditRecord? audit = null)
    {
        lock (_lock)
        {
            var note = new QueueNote($"note_{++_nextId}", id, author, text, _timeProvider.GetUtcNow());
            _notes.Add(note);
            return Task.FromResult(note);
        }
    }

    public Task<IReadOnlyList<QueueNote>> ListNotesAsync(string id, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<QueueNote>>([.. _notes.Where(n => n.QueueItemId == id)]);
        }
    }

    private Task<QueueChange?> Replace(string id, Func<QueueItem, bool> allowed, Func<QueueItem, QueueItem> change)
    {
        lock (_lock)
        {
            var index = _items.FindIndex(i => i.Id == id);
            if (index < 0)
            {
                return Task.FromResult<QueueChange?>(null);
            }

            if (!allowed(_items[index]))
            {
                return Task.FromResult<QueueChange?>(new QueueChange(_items[index], false));
            }

            _items[index] = change(_items[index]);
            return Task.FromResult<QueueChange?>(new QueueChange(_items[index], true));
        }
    }
}
