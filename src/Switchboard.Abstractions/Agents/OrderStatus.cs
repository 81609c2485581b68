namespace Switchboard.Abstractions.Agents;

/// <summary>The values of <see cref="Order.Status"/>.</summary>
public static class OrderStatus
{
    /// <summary>Paid, not yet shipped: the address can change and the order can be cancelled.</summary>
    public const string Processing = "processing";

    /// <summary>Handed to the carrier.</summary>
    public const string Shipped = "shipped";

    /// <summary>Delivered to the customer.</summary>
    public const string Delivered = "delivered";

    /// <summary>Cancelled before shipping.</summary>
    public const string Cancelled = "cancelled";
}
