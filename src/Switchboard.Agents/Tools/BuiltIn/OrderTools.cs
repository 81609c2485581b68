using System.ComponentModel;
using System.Globalization;
using Switchboard.Abstractions.Agents;
using Switchboard.Abstractions.Governance;

namespace Switchboard.Agents.Tools.BuiltIn;

/// <summary>
/// The order and refund tools of the demo shop: <c>get_order_status</c>, <c>update_shipping_address</c>,
/// <c>cancel_order</c> and <c>request_refund</c>. Policies are checked here, not left to the model: the address
/// changes and the order cancels only before shipping; a refund needs a delivered order within the refund window.
/// Changes are compare-and-set on the order's status, so two concurrent requests cannot both pass a check.
/// </summary>
public sealed class OrderTools
{
    private readonly IOrderStore _orders;
    private readonly TimeProvider _timeProvider;
    private readonly int _refundWindowDays;
    private readonly string _shopTenant;

    /// <summary>Initializes a new instance of the <see cref="OrderTools"/> class.</summary>
    /// <param name="orders">The orders.</param>
    /// <param name="timeProvider">The clock.</param>
    /// <param name="refundWindowDays">Days after delivery in which a refund is accepted (default 30).</param>
    /// <param name="shopTenant">The tenant whose demo shop the orders are (the root tenant); other tenants' agents are refused.</param>
    public OrderTools(IOrderStore orders, TimeProvider timeProvider, int refundWindowDays = 30, string shopTenant = ModelCallContext.DefaultTenant)
    {
        ArgumentException.ThrowIfNullOrEmpty(shopTenant);
        _shopTenant = shopTenant;
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(refundWindowDays);
        _orders = orders;
        _timeProvider = timeProvider;
        _refundWindowDays = refundWindowDays;
    }

    /// <summary>Looks an order up.</summary>
    [AgentFunction(
        "get_order_status",
        Description = "Look up an order by its number: status, dates, items, total and shipping address.",
        Examples = [
            "where is my order", "what's the status of order ORD-1001", "has my order shipped yet", "track my package",
            "when will my order ORD-1003 arrive", "check order ORD-1002", "order status please", "is my parcel on its way",
            "我的订单到哪了", "查一下订单 ORD-1001 的状态", "我的包裹什么时候到", "订单发货了吗", "帮我查订单",
        ])]
    public async Task<object> GetOrderStatusAsync(
        [Description("The order number, e.g. ORD-1001.")] string orderId,
        CancellationToken cancellationToken)
    {
        var order = await FindAsync(orderId, cancellationToken).ConfigureAwait(false);
        return new
        {
            order_id = order.Id,
            status = order.Status,
            placed_at = order.PlacedAt,
            delivered_at = order.DeliveredAt,
            items = order.Items,
            total = order.Total,
            currency = order.Currency,
            shipping_address = order.ShippingAddress,
            refund_status = order.RefundStatus,
            message = order.Status switch
            {
                OrderStatus.Processing => $"Order {order.Id} ({order.Items}) was placed on {Day(order.PlacedAt)} and is being prepared; it has not shipped yet.",
                OrderStatus.Shipped => $"Order {order.Id} ({order.Items}) has shipped and is on its way to {order.ShippingAddress}.",
                OrderStatus.Delivered => $"Order {order.Id} ({order.Items}) was delivered on {Day(order.DeliveredAt!.Value)}.",
                _ => $"Order {order.Id} ({order.Items}) was cancelled.",
            },
            message_zh = order.Status switch
            {
                OrderStatus.Processing => $"订单 {order.Id}（{order.Items}）已于 {Day(order.PlacedAt)} 下单，正在备货，尚未发货。",
                OrderStatus.Shipped => $"订单 {order.Id}（{order.Items}）已发货，正在配送至 {order.ShippingAddress}。",
                OrderStatus.Delivered => $"订单 {order.Id}（{order.Items}）已于 {Day(order.DeliveredAt!.Value)} 送达。",
                _ => $"订单 {order.Id}（{order.Items}）已取消。",
            },
        };
    }

    /// <summary>Changes the shipping address while the order has not shipped.</summary>
    [AgentFunction(
        "update_shipping_address",
        Description = "Change an order's shipping address. Allowed only while the order is still processing (not shipped).",
        Examples = [
            "change the shipping address of my order", "I need to update my delivery address", "please send order ORD-1002 to a different address",
            "wrong address on my order", "change the address of ORD-1001 to 5 Park Lane, London", "can you deliver it to my office instead",
            "修改收货地址", "把订单的地址改一下", "我想更改配送地址", "把 ORD-1002 的地址改为 上海市静安区南京西路 1 号",
        ])]
    public async Task<object> UpdateShippingAddressAsync(
        [Description("The order number, e.g. ORD-1001.")] string orderId,
        [Description("The complete new shipping address.")] string newAddress,
        CancellationToken cancellationToken)
    {
        var order = await FindAsync(orderId, cancellationToken).ConfigureAwait(false);
        if (order.Status != OrderStatus.Processing)
        {
            return Refused(
                $"Order {order.Id} is {order.Status}, so its address can no longer be changed; only orders that have not shipped can be redirected.",
                $"订单 {order.Id} 当前状态为 {order.Status}，已无法修改地址；只有尚未发货的订单可以修改收货地址。");
        }

        if (!await _orders.UpdateAsync(order with { ShippingAddress = newAddress.Trim() }, OrderStatus.Processing, cancellationToken).ConfigureAwait(false))
        {
            throw new ToolException($"Order {order.Id} changed while the address was being updated; look it up again.");
        }

        return new
        {
            updated = true,
            order_id = order.Id,
            shipping_address = newAddress.Trim(),
            message = $"Done: order {order.Id} will ship to {newAddress.Trim()}.",
            message_zh = $"已完成：订单 {order.Id} 将寄往 {newAddress.Trim()}。",
        };
    }

    /// <summary>Cancels an order that has not shipped.</summary>
    [AgentFunction(
        "cancel_order",
        Description = "Cancel an order. Allowed only while the order is still processing (not shipped).",
        Examples = [
            "cancel my order", "I want to cancel order ORD-1002", "please cancel it, I don't need it anymore", "stop my order from shipping",
            "I changed my mind, cancel the order", "取消订单", "我要取消订单 ORD-1002", "帮我把订单取消", "不想要了，取消吧",
        ])]
    public async Task<object> CancelOrderAsync(
        [Description("The order number, e.g. ORD-1001.")] string orderId,
        [Description("Why the customer cancels, if they said.")] string? reason,
        CancellationToken cancellationToken)
    {
        _ = reason;
        var order = await FindAsync(orderId, cancellationToken).ConfigureAwait(false);
        if (order.Status != OrderStatus.Processing)
        {
            return Refused(
                $"Order {order.Id} is {order.Status}, so it can no longer be cancelled; once it is delivered you can ask for a refund instead.",
                $"订单 {order.Id} 当前状态为 {order.Status}，已无法取消；送达后可以申请退款。");
        }

        if (!await _orders.UpdateAsync(order with { Status = OrderStatus.Cancelled }, OrderStatus.Processing, cancellationToken).ConfigureAwait(false))
        {
            throw new ToolException($"Order {order.Id} changed while it was being cancelled; look it up again.");
        }

        return new
        {
            cancelled = true,
            order_id = order.Id,
            message = $"Order {order.Id} is cancelled; the payment of {Money(order)} will be returned to the original payment method.",
            message_zh = $"订单 {order.Id} 已取消，{Money(order)} 将原路退回。",
        };
    }

    /// <summary>Requests a refund, within the refund window after delivery.</summary>
    [AgentFunction(
        "request_refund",
        Description = "Request a refund for a delivered order. Accepted only within the refund window after delivery and once per order.",
        Examples = [
            "I want a refund", "refund order ORD-1003", "can I get my money back", "I'd like to return this for a refund",
            "the product was faulty and I want a refund", "please refund my purchase", "how do I get a refund for ORD-1004",
            "我要退款", "申请退款", "能退钱吗", "订单 ORD-1003 我想退款",
        ])]
    public async Task<object> RequestRefundAsync(
        [Description("The order number, e.g. ORD-1001.")] string orderId,
        [Description("Why the customer wants a refund.")] string reason,
        CancellationToken cancellationToken)
    {
        _ = reason;
        var order = await FindAsync(orderId, cancellationToken).ConfigureAwait(false);
        if (order.RefundStatus is not null)
        {
            return Refused($"A refund for order {order.Id} was already requested and is being processed.", $"订单 {order.Id} 的退款申请已提交，正在处理中。");
        }

        if (order.Status != OrderStatus.Delivered || order.DeliveredAt is not { } delivered)
        {
            return Refused(
                $"Order {order.Id} is {order.Status}; refunds are for delivered orders (an order that has not shipped can be cancelled instead).",
                $"订单 {order.Id} 当前状态为 {order.Status}；只有已送达的订单可以退款（未发货的订单可以直接取消）。");
        }

        var days = (int)(_timeProvider.GetUtcNow() - delivered).TotalDays;
        if (days > _refundWindowDays)
        {
            return Refused(
                $"Order {order.Id} was delivered {days} days ago, and refunds are accepted within {_refundWindowDays} days of delivery. I can pass you to a person who can look at exceptions: just ask for a person.",
                $"订单 {order.Id} 已送达 {days} 天，超过了 {_refundWindowDays} 天的退款期限。如需特殊处理，请输入“转人工”，由客服为您处理。");
        }

        if (!await _orders.UpdateAsync(order with { RefundStatus = "requested" }, OrderStatus.Delivered, cancellationToken).ConfigureAwait(false))
        {
            throw new ToolException($"Order {order.Id} changed while the refund was being requested; look it up again.");
        }

        return new
        {
            refund_requested = true,
            order_id = order.Id,
            amount = order.Total,
            currency = order.Currency,
            message = $"Your refund of {Money(order)} for order {order.Id} is accepted; it reaches your original payment method within 5-10 business days.",
            message_zh = $"订单 {order.Id} 的退款 {Money(order)} 已受理，将在 5-10 个工作日内原路退回。",
        };
    }

    private async Task<Order> FindAsync(string orderId, CancellationToken cancellationToken)
    {
        // The orders table is one demo shop's, with no tenant: another tenant's agent must not read or change it.
        if (ModelCallContext.Current is { } call && !string.Equals(call.TenantId, _shopTenant, StringComparison.Ordinal))
        {
            throw new ToolException($"The built-in order tools serve the demo shop of tenant '{_shopTenant}' only; connect your own order system as an HTTP tool.");
        }

        return await _orders.GetAsync(orderId, cancellationToken).ConfigureAwait(false)
            ?? throw new ToolException($"There is no order '{orderId}'. Order numbers look like ORD-1001.");
    }

    private static object Refused(string message, string messageZh) => new { allowed = false, message, message_zh = messageZh };

    private static string Day(DateTimeOffset time) => time.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Money(Order order) => $"{order.Total.ToString("0.00", CultureInfo.InvariantCulture)} {order.Currency}";
}
