using Dapper;
using Switchboard.Abstractions.Agents;

namespace Switchboard.Storage.Sqlite.Tests;

public sealed class DemoOrderSeederTests : IAsyncLifetime
{
    private static readonly DateTimeOffset SeededAt = new(2026, 11, 21, 15, 30, 0, TimeSpan.Zero);

    private readonly SqliteTestDatabase _db = new();
    private readonly ManualTimeProvider _clock = new(SeededAt);
    private SqliteDatabase _database = null!;
    private SqliteOrderStore _orders = null!;

    public async Task InitializeAsync()
    {
        _database = _db.Open(_clock);
        await _database.InitializeAsync(CancellationToken.None);
        _orders = new SqliteOrderStore(_database, _clock);
    }

    public Task DisposeAsync()
    {
        _db.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Seed_EmptyTable_InsertsTheDemoOrdersOnce()
    {
        var seeder = new DemoOrderSeeder(_database, _clock);

        var first = await seeder.SeedAsync(default);
        _clock.Advance(TimeSpan.FromDays(7));
        var second = await seeder.SeedAsync(default);

        Assert.Equal(8, first);
        Assert.Equal(0, second);
        Assert.Equal(8, await CountOrdersAsync());

        // The second run changed nothing: dates still count from the first.
        Assert.Equal(SeededAt.AddDays(-3), (await _orders.GetAsync("ORD-1001", default))!.PlacedAt);
    }

    [Fact]
    public async Task Seed_TableWithOrders_LeavesThemAlone()
    {
        await new DemoOrderSeeder(_database, _clock).SeedAsync(default);
        var order = (await _orders.GetAsync("ORD-1002", default))!;
        await _orders.UpdateAsync(order with { Status = OrderStatus.Cancelled }, OrderStatus.Processing, default);

        Assert.Equal(0, await new DemoOrderSeeder(_database, _clock).SeedAsync(default));

        Assert.Equal(OrderStatus.Cancelled, (await _orders.GetAsync("ORD-1002", default))!.Status);
    }

    [Fact]
    public async Task Seed_Concurrently_InsertsOnce()
    {
        var inserted = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => new DemoOrderSeeder(_database, _clock).SeedAsync(default))));

        Assert.Equal(8, inserted.Sum());
        Assert.Equal(8, await CountOrdersAsync());
    }

    [Fact]
    public async Task Seed_DatesCountBackFromTheClock()
    {
        await new DemoOrderSeeder(_database, _clock).SeedAsync(default);

        async Task<Order> GetAsync(string id) => (await _orders.GetAsync(id, default))!;

        var shipped = await GetAsync("ORD-1001");
        Assert.Equal((OrderStatus.Shipped, SeededAt.AddDays(-3), (DateTimeOffset?)null), (shipped.Status, shipped.PlacedAt, shipped.DeliveredAt));

        var processing = await GetAsync("ORD-1002");
        Assert.Equal(OrderStatus.Processing, processing.Status);
        Assert.Equal(SeededAt.Date, processing.PlacedAt.UtcDateTime.Date);
        Assert.True(processing.PlacedAt <= SeededAt);

        var refundable = await GetAsync("ORD-1003");
        Assert.Equal((OrderStatus.Delivered, SeededAt.AddDays(-14), SeededAt.AddDays(-10)), (refundable.Status, refundable.PlacedAt, refundable.DeliveredAt!.Value));

        var tooLate = await GetAsync("ORD-1004");
        Assert.Equal((OrderStatus.Delivered, SeededAt.AddDays(-50), SeededAt.AddDays(-45)), (tooLate.Status, tooLate.PlacedAt, tooLate.DeliveredAt!.Value));

        Assert.Equal(OrderStatus.Cancelled, (await GetAsync("ORD-1005")).Status);

        var requested = await GetAsync("ORD-1006");
        Assert.Equal((OrderStatus.Delivered, SeededAt.AddDays(-5), "requested"), (requested.Status, requested.DeliveredAt!.Value, requested.RefundStatus));

        var chinese = await GetAsync("ORD-1007");
        Assert.Equal("CNY", chinese.Currency);
        Assert.Contains("上海", chinese.ShippingAddress, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Seed_EveryOrderIsConsistent()
    {
        await new DemoOrderSeeder(_database, _clock).SeedAsync(default);

        for (var n = 1001; n <= 1008; n++)
        {
            var order = await _orders.GetAsync($"ORD-{n}", default);
            Assert.NotNull(order);
            Assert.EndsWith("@example.com", order.CustomerEmail, StringComparison.Ordinal);
            Assert.True(order.Total > 0);
            Assert.True(order.PlacedAt <= SeededAt);
            Assert.Equal(order.Status == OrderStatus.Delivered, order.DeliveredAt is not null);
            Assert.True(order.DeliveredAt is null || order.DeliveredAt > order.PlacedAt);
        }
    }

    private async Task<long> CountOrdersAsync()
    {
        await using var connection = await _database.OpenAsync(default);
        return await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM orders");
    }
}
