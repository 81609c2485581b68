using System.Globalization;
using Switchboard.Abstractions.Agents;

namespace Switchboard.Storage.Sqlite;

/// <summary>An <c>orders</c> row as Dapper reads and writes it. The total is exact decimal text.</summary>
internal sealed class OrderRow
{
    public string Id { get; set; } = string.Empty;

    public string CustomerEmail { get; set; } = string.Empty;

    public string Status { get; set; } = string.Empty;

    public long PlacedAt { get; set; }

    public long? DeliveredAt { get; set; }

    public string Total { get; set; } = "0";

    public string Currency { get; set; } = string.Empty;

    public string ShippingAddress { get; set; } = string.Empty;

    public string Items { get; set; } = string.Empty;

    public string? RefundStatus { get; set; }

    public static OrderRow From(Order order) => new()
    {
        Id = NormalizeId(order.Id),
        CustomerEmail = order.CustomerEmail,
        Status = order.Status,
        PlacedAt = order.PlacedAt.ToUnixTimeMilliseconds(),
        DeliveredAt = order.DeliveredAt?.ToUnixTimeMilliseconds(),
        Total = order.Total.ToString(CultureInfo.InvariantCulture),
        Currency = order.Currency,
        ShippingAddress = order.ShippingAddress,
        Items = order.Items,
        RefundStatus = order.RefundStatus,
    };

    /// <summary>Order numbers are stored upper-case, so lookups upper-case the number they are given.</summary>
    public static string NormalizeId(string id) => id.Trim().ToUpperInvariant();

    public Order ToOrder() => new(
        Id,
        CustomerEmail,
        Status,
        DateTimeOffset.FromUnixTimeMilliseconds(PlacedAt),
        DeliveredAt is { } delivered ? DateTimeOffset.FromUnixTimeMilliseconds(delivered) : null,
        decimal.Parse(Total, NumberStyles.Number, CultureInfo.InvariantCulture),
        Currency,
        ShippingAddress,
        Items,
        RefundStatus);
}
