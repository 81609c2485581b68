using Switchboard.Abstractions.Agents;

namespace Switchboard.Agents.Tests.Fakes;

/// <summary>An in-memory <see cref="IOrderStore"/> whose updates are compare-and-set on the order's status, like the real one.</summary>
public sealed class FakeOrderStore : IOrderStore
{
    private readonly object _lock = new();
    private readonly Dictionary<string, Order> _orders = new(StringComparer.Ordinal);
    private readonly List<(string? ConversationId, string Subject, string Description, string Priority)> _tickets = [];

    /// <summary>Gets or sets a callback run after an order is read and before it is returned: a concurrent change.</summary>
    public Action<FakeOrderStore, Order>? AfterGet { get; set; }

    /// <summary>Gets the tickets created, in order.</summary>
    public IReadOnlyList<(string? ConversationId, string Subject, string Description, string Priority)> Tickets
    {
        get
        {
            lock (_lock)
            {
                return [.. _tickets];
            }
        }
    }

    public void Put(Order order)
    {
        ArgumentNullException.ThrowIfNull(order);
        lock (_lock)
        {
            _orders[order.Id] = order;
        }
    }

    public Order Get(string orderId)
    {
        lock (_lock)
        {
            return _orders[orderId];
        }
    }

    public Task<Order?> GetAsync(string orderId, CancellationToken cancellationToken)
    {
        Order? order;
        lock (_lock)
        {
            order = _orders.GetValueOrDefault(orderId);
        }

        if (order is not null)
        {
            AfterGet?.Invoke(this, order);
        }

        return Task.FromResult(order);
    }

    public Task<bool> UpdateAsync(Order order, string expectedStatus, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(order);
        lock (_lock)
        {
            if (!_orders.TryGetValue(order.Id, out var current) || current.Status != expectedStatus)
            {
                return Task.FromResult(false);
            }

            _orders[order.Id] = order;
            return Task.FromResult(true);
        }
    }

    public Task<string> CreateTicketAsync(string? conversationId, string subject, string description, string priority, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            _tickets.Add((conversationId, subject, description, priority));
            return Task.FromResult($"TCK-{_tickets.Count:D4}");
        }
    }
}
