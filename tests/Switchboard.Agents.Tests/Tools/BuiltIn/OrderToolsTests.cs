using System.Text.Json;
using Switchboard.Abstractions.Agents;
using Switchboard.Abstractions.Governance;
using Switchboard.Agents.Tests.Fakes;
using Switchboard.Agents.Tools;
using Switchboard.Agents.Tools.BuiltIn;

namespace Switchboard.Agents.Tests.Tools.BuiltIn;

public sealed class OrderToolsTests
{
    private static readonly DateTimeOffset Now = new(2025, 3, 14, 12, 0, 0, TimeSpan.Zero);

    private readonly FakeOrderStore _orders = new();
    private readonly OrderTools _tools;

    public OrderToolsTests()
    {
        _tools = new OrderTools(_orders, new FakeTimeProvider(Now), refundWindowDays: 30);
        _orders.Put(Order("ORD-1", OrderStatus.Processing, delivered: null));
        _orders.Put(Order("ORD-2", OrderStatus.Shipped, delivered: null));
        _orders.Put(Order("ORD-3", OrderStatus.Delivered, delivered: Now.AddDays(-13)));
        _orders.Put(Order("ORD-4", OrderStatus.Delivered, delivered: Now.AddDays(-72)));
        _orders.Put(Order("ORD-5", OrderStatus.Cancelled, delivered: null));
    }

    [Theory]
    [InlineData("ORD-1", "processing", "Order ORD-1 (1 x Mug) was placed on 2025-03-01 and is being prepared; it has not shipped yet.")]
    [InlineData("ORD-2", "shipped", "Order ORD-2 (1 x Mug) has shipped and is on its way to 1 High Street, Leeds.")]
    [InlineData("ORD-3", "delivered", "Order ORD-3 (1 x Mug) was delivered on 2025-03-01.")]
    [InlineData("ORD-5", "cancelled", "Order ORD-5 (1 x Mug) was cancelled.")]
    public async Task GetOrderStatus_EachState_HasItsOwnMessage(string orderId, string status, string message)
    {
        var result = Json(await _tools.GetOrderStatusAsync(orderId, CancellationToken.None));

        Assert.Equal(orderId, result.GetProperty("order_id").GetString());
        Assert.Equal(status, result.GetProperty("status").GetString());
        Assert.Equal(message, result.GetProperty("message").GetString());
        Assert.False(string.IsNullOrEmpty(result.GetProperty("message_zh").GetString()));
    }

    [Fact]
    public async Task EveryOrderTool_CalledForAnotherTenant_IsRefusedAndChangesNothing()
    {
        var before = Json(await _tools.GetOrderStatusAsync("ORD-1", CancellationToken.None)).GetRawText();

        using (ModelCallContext.Push(new ModelCallContext { TenantId = "globex" }))
        {
            await Assert.ThrowsAsync<ToolException>(() => _tools.GetOrderStatusAsync("ORD-1", CancellationToken.None));
            await Assert.ThrowsAsync<ToolException>(() => _tools.CancelOrderAsync("ORD-1", null, CancellationToken.None));
        }

        using (ModelCallContext.Push(new ModelCallContext { TenantId = ModelCallContext.DefaultTenant }))
        {
            Assert.Equal(before, Json(await _tools.GetOrderStatusAsync("ORD-1", CancellationToken.None)).GetRawText());
        }
    }

    [Fact]
    public async Task GetOrderStatus_UnknownOrder_ThrowsAToolExceptionTheModelCanRead()
    {
        var exception = await Assert.ThrowsAsync<ToolException>(() => _tools.GetOrderStatusAsync("ORD-9", CancellationToken.None));

        Assert.Equal("There is no order 'ORD-9'. Order numbers look like ORD-1001.", exception.Message);
    }

    [Fact]
    public async Task UpdateShippingAddress_WhileProcessing_ChangesTheAddress()
    {
        var result = Json(await _tools.UpdateShippingAddressAsync("ORD-1", "  5 Park Lane, London ", CancellationToken.None));

        Assert.True(result.GetProperty("updated").GetBoolean());
        Assert.Equal("5 Park Lane, London", result.GetProperty("shipping_address").GetString());
        Assert.Equal("5 Park Lane, London", _orders.Get("ORD-1").ShippingAddress);
        Assert.Equal(OrderStatus.Processing, _orders.Get("ORD-1").Status);
    }

    [Theory]
    [InlineData("ORD-2", "shipped")]
    [InlineData("ORD-3", "delivered")]
    [InlineData("ORD-5", "cancelled")]
    public async Task UpdateShippingAddress_AfterProcessing_IsRefusedAndChangesNothing(string orderId, string status)
    {
        var result = Json(await _tools.UpdateShippingAddressAsync(orderId, "5 Park Lane, London", CancellationToken.None));

        Assert.False(result.GetProperty("allowed").GetBoolean());
        Assert.Equal(
            $"Order {orderId} is {status}, so its address can no longer be changed; only orders that have not shipped can be redirected.",
            result.GetProperty("message").GetString());
        Assert.Equal("1 High Street, Leeds", _orders.Get(orderId).ShippingAddress);
    }

    [Fact]
    public async Task UpdateShippingAddress_OrderShipsMeanwhile_CompareAndSetFailsAndNothingChanges()
    {
        _orders.AfterGet = (store, order) => store.Put(order with { Status = OrderStatus.Shipped });

        var exception = await Assert.ThrowsAsync<ToolException>(() => _tools.UpdateShippingAddressAsync("ORD-1", "5 Park Lane, London", CancellationToken.None));

        Assert.Equal("Order ORD-1 changed while the address was being updated; look it up again.", exception.Message);
        Assert.Equal("1 High Street, Leeds", _orders.Get("ORD-1").ShippingAddress);
    }

    [Fact]
    public async Task CancelOrder_WhileProcessing_CancelsIt()
    {
        var result = Json(await _tools.CancelOrderAsync("ORD-1", "changed my mind", CancellationToken.None));

        Assert.True(result.GetProperty("cancelled").GetBoolean());
        Assert.Equal("Order ORD-1 is cancelled; the payment of 19.90 GBP will be returned to the original payment method.", result.GetProperty("message").GetString());
        Assert.Equal(OrderStatus.Cancelled, _orders.Get("ORD-1").Status);
    }

    [Theory]
    [InlineData("ORD-2")]
    [InlineData("ORD-3")]
    [InlineData("ORD-5")]
    public async Task CancelOrder_AfterProcessing_IsRefused(string orderId)
    {
        var before = _orders.Get(orderId);

        var result = Json(await _tools.CancelOrderAsync(orderId, null, CancellationToken.None));

        Assert.False(result.GetProperty("allowed").GetBoolean());
        Assert.Contains("can no longer be cancelled", result.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(before, _orders.Get(orderId));
    }

    [Fact]
    public async Task CancelOrder_OrderShipsMeanwhile_CompareAndSetFails()
    {
        _orders.AfterGet = (store, order) => store.Put(order with { Status = OrderStatus.Shipped });

        await Assert.ThrowsAsync<ToolException>(() => _tools.CancelOrderAsync("ORD-1", null, CancellationToken.None));

        Assert.Equal(OrderStatus.Shipped, _orders.Get("ORD-1").Status);
    }

    [Fact]
    public async Task RequestRefund_WithinTheWindow_IsAcceptedAndMarked()
    {
        var result = Json(await _tools.RequestRefundAsync("ORD-3", "it broke", CancellationToken.None));

        Assert.True(result.GetProperty("refund_requested").GetBoolean());
        Assert.Equal(19.90m, result.GetProperty("amount").GetDecimal());
        Assert.Equal("requested", _orders.Get("ORD-3").RefundStatus);
    }

    [Theory]
    [InlineData(30, true)]
    [InlineData(31, false)]
    public async Task RequestRefund_AtTheEdgeOfTheWindow_CountsWholeDays(int daysAgo, bool accepted)
    {
        _orders.Put(Order("ORD-6", OrderStatus.Delivered, delivered: Now.AddDays(-daysAgo)));

        var result = Json(await _tools.RequestRefundAsync("ORD-6", "too late?", CancellationToken.None));

        Assert.Equal(accepted, result.TryGetProperty("refund_requested", out _));
        Assert.Equal(accepted ? "requested" : null, _orders.Get("ORD-6").RefundStatus);
    }

    [Fact]
    public async Task RequestRefund_OutsideTheWindow_IsRefusedWithTheOfferOfAPerson()
    {
        var result = Json(await _tools.RequestRefundAsync("ORD-4", "it broke", CancellationToken.None));

        Assert.False(result.GetProperty("allowed").GetBoolean());
        Assert.Equal(
            "Order ORD-4 was delivered 72 days ago, and refunds are accepted within 30 days of delivery. I can pass you to a person who can look at exceptions: just ask for a person.",
            result.GetProperty("message").GetString());
        Assert.Contains("转人工", result.GetProperty("message_zh").GetString(), StringComparison.Ordinal);
        Assert.Null(_orders.Get("ORD-4").RefundStatus);
    }

    [Theory]
    [InlineData("ORD-1", "processing")]
    [InlineData("ORD-2", "shipped")]
    [InlineData("ORD-5", "cancelled")]
    public async Task RequestRefund_NotDelivered_IsRefused(string orderId, string status)
    {
        var result = Json(await _tools.RequestRefundAsync(orderId, "changed my mind", CancellationToken.None));

        Assert.False(result.GetProperty("allowed").GetBoolean());
        Assert.StartsWith($"Order {orderId} is {status}; refunds are for delivered orders", result.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Null(_orders.Get(orderId).RefundStatus);
    }

    [Fact]
    public async Task RequestRefund_Twice_RefusesTheSecond()
    {
        await _tools.RequestRefundAsync("ORD-3", "it broke", CancellationToken.None);

        var second = Json(await _tools.RequestRefundAsync("ORD-3", "it broke", CancellationToken.None));

        Assert.False(second.GetProperty("allowed").GetBoolean());
        Assert.Equal("A refund for order ORD-3 was already requested and is being processed.", second.GetProperty("message").GetString());
    }

    [Fact]
    public void Constructor_RefundWindowOfZeroDays_IsRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new OrderTools(_orders, TimeProvider.System, refundWindowDays: 0));
    }

    private static Order Order(string id, string status, DateTimeOffset? delivered) =>
        new(id, "ann@example.com", status, new DateTimeOffset(2025, 3, 1, 10, 0, 0, TimeSpan.Zero), delivered, 19.90m, "GBP", "1 High Street, Leeds", "1 x Mug", null);

    private static JsonElement Json(object result) => JsonSerializer.SerializeToElement(result);
}
