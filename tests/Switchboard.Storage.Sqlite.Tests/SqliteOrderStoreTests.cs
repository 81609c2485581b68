using Dapper;
using Switchboard.Abstractions.Agents;
using Switchboard.Abstractions.Conversations;

namespace Switchboard.Storage.Sqlite.Tests;

public sealed class SqliteOrderStoreTests : IAsyncLifetime
{
    private readonly SqliteTestDatabase _db = new();
    private readonly ManualTimeProvider _clock = new(new DateTimeOffset(2026, 11, 21, 8, 0, 0, TimeSpan.Zero));
    private SqliteDatabase _database = null!;
    private SqliteOrderStore _orders = null!;

    public async Task InitializeAsync()
    {
        _database = _db.Open(_clock);
        await _database.InitializeAsync(CancellationToken.None);
        await new DemoOrderSeeder(_database, _clock).SeedAsync(default);
        _orders = new SqliteOrderStore(_database, _clock);
    }

    public Task DisposeAsync()
    {
        _db.Dispose();
        return Task.CompletedTask;
    }

    [Theory]
    [InlineData("ORD-1003")]
    [InlineData("ord-1003")]
    [InlineData("Ord-1003 ")]
    public async Task Get_IgnoresCase(string orderId)
    {
        var order = await _orders.GetAsync(orderId, default);

        Assert.NotNull(order);
        Assert.Equal("ORD-1003", order.Id);
        Assert.Equal(OrderStatus.Delivered, order.Status);
    }

    [Fact]
    public async Task Get_Unknown_ReturnsNull()
    {
        Assert.Null(await _orders.GetAsync("ORD-9999", default));
    }

    [Fact]
    public async Task Get_KeepsTheTotalExactly()
    {
        var order = await _orders.GetAsync("ORD-1001", default);

        Assert.Equal(59.90m, order!.Total);
        Assert.Equal("59.90", order.Total.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("USD", order.Currency);
    }

    [Fact]
    public async Task Update_WhileStatusIsExpected_ChangesStatusAddressAndRefund()
    {
        var order = (await _orders.GetAsync("ORD-1002", default))!;
        var changed = order with { ShippingAddress = "1 Infinite Loop, Cupertino, CA 95014, USA" };

        Assert.True(await _orders.UpdateAsync(changed, OrderStatus.Processing, default));

        Assert.Equal(changed, await _orders.GetAsync("ORD-1002", default));
    }

    [Fact]
    public async Task Update_AfterTheStatusChanged_IsRefused()
    {
        var order = (await _orders.GetAsync("ORD-1002", default))!;
        var cancelled = order with { Status = OrderStatus.Cancelled };
        var moved = order with { ShippingAddress = "somewhere else" };

        Assert.True(await _orders.UpdateAsync(cancelled, OrderStatus.Processing, default));
        Assert.False(await _orders.UpdateAsync(moved, OrderStatus.Processing, default));

        Assert.Equal(cancelled, await _orders.GetAsync("ORD-1002", default));
    }

    [Fact]
    public async Task Update_LowerCaseId_UpdatesTheOrder()
    {
        var order = (await _orders.GetAsync("ORD-1003", default))!;

        Assert.True(await _orders.UpdateAsync(order with { Id = "ord-1003", RefundStatus = "requested" }, OrderStatus.Delivered, default));

        Assert.Equal("requested", (await _orders.GetAsync("ORD-1003", default))!.RefundStatus);
    }

    [Fact]
    public async Task Update_Unknown_ReturnsFalse()
    {
        var order = (await _orders.GetAsync("ORD-1003", default))!;

        Assert.False(await _orders.UpdateAsync(order with { Id = "ORD-9999" }, OrderStatus.Delivered, default));
    }

    [Fact]
    public async Task CreateTicket_NumbersTicketsInOrder()
    {
        var first = await _orders.CreateTicketAsync(null, "Damaged item", "The mug arrived broken.", "normal", default);
        var second = await _orders.CreateTicketAsync(null, "Missing item", "Only one sock.", "high", default);

        Assert.Equal(("TCK-000001", "TCK-000002"), (first, second));
    }

    [Fact]
    public async Task CreateTicket_Concurrently_GivesUniqueIds()
    {
        var ids = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(() =>
            _orders.CreateTicketAsync(null, $"s{i}", "d", "normal", default))));

        Assert.Equal(Enumerable.Range(1, 20).Select(i => $"TCK-{i:D6}"), ids.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task CreateTicket_StoresItOpenAndKeepsItWhenTheConversationIsDeleted()
    {
        var conversations = new SqliteConversationStore(_database, _clock);
        var conversation = await conversations.CreateAsync(new NewConversation(null, null, null, new Dictionary<string, string>()), default);

        var id = await _orders.CreateTicketAsync(conversation.Id, "Wrong size", "Needs EU 43.", "low", default);

        await using var connection = await _database.OpenAsync(default);
        const string Query = "SELECT conversation_id AS ConversationId, subject AS Subject, status AS Status, created_at AS CreatedAt FROM tickets WHERE id = @id";
        var ticket = await connection.QuerySingleAsync<(string? ConversationId, string Subject, string Status, long CreatedAt)>(Query, new { id });
        Assert.Equal((conversation.Id, "Wrong size", "open", _clock.GetUtcNow().ToUnixTimeMilliseconds()), ticket);

        await conversations.DeleteAsync(conversation.Id, default);

        var kept = await connection.QuerySingleAsync<(string? ConversationId, string Subject, string Status, long CreatedAt)>(Query, new { id });
        Assert.Null(kept.ConversationId);
    }

    [Fact]
    public async Task CreateTicket_UnknownConversation_ThrowsKeyNotFound()
    {
        await Assert.ThrowsAsync<KeyNotFoundException>(() => _orders.CreateTicketAsync("conv_nope", "s", "d", "normal", default));
    }
}
