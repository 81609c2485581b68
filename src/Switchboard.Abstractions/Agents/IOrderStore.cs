namespace Switchboard.Abstractions.Agents;

/// <summary>The demo shop's orders and support tickets.</summary>
public interface IOrderStore
{
    /// <summary>Gets an order by its number (case-insensitive), or null.</summary>
    Task<Order?> GetAsync(string orderId, CancellationToken cancellationToken);

    /// <summary>
    /// Replaces an order's status, shipping address and refund status, but only while its status is still
    /// <paramref name="expectedStatus"/> (so two concurrent changes cannot both pass a policy check); returns whether it did.
    /// </summary>
    Task<bool> UpdateAsync(Order order, string expectedStatus, CancellationToken cancellationToken);

    /// <summary>Creates a support ticket and returns its id (<c>TCK-…</c>).</summary>
    Task<string> CreateTicketAsync(string? conversationId, string subject, string description, string priority, CancellationToken cancellationToken);
}
