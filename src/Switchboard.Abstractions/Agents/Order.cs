namespace Switchboard.Abstractions.Agents;

/// <summary>An order of the demo shop that the order and refund tools work on.</summary>
/// <param name="Id">The order number, e.g. <c>ORD-1001</c>.</param>
/// <param name="CustomerEmail">The customer's e-mail address.</param>
/// <param name="Status">See <see cref="OrderStatus"/>.</param>
/// <param name="PlacedAt">When it was placed.</param>
/// <param name="DeliveredAt">When it was delivered, if it was.</param>
/// <param name="Total">The amount paid.</param>
/// <param name="Currency">The ISO 4217 currency of <paramref name="Total"/>.</param>
/// <param name="ShippingAddress">Where it ships to.</param>
/// <param name="Items">What was ordered, in words.</param>
/// <param name="RefundStatus">Null, or <c>requested</c> once a refund was accepted.</param>
public sealed record Order(
    string Id,
    string CustomerEmail,
    string Status,
    DateTimeOffset PlacedAt,
    DateTimeOffset? DeliveredAt,
    decimal Total,
    string Currency,
    string ShippingAddress,
    string Items,
    string? RefundStatus);
