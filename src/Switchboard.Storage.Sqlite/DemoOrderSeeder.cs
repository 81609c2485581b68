using Switchboard.Abstractions.Agents;

namespace Switchboard.Storage.Sqlite;

/// <summary>
/// Fills an empty <c>orders</c> table with the demo shop's orders (see <c>docs/demo-orders.md</c>). Their dates are set
/// relative to the clock at seeding time, so that the policies built on them (no address change once shipped, refunds
/// within 30 days of delivery) give the same answers whenever the demo is started.
/// </summary>
public sealed class DemoOrderSeeder
{
    private readonly SqliteDatabase _database;
    private readonly TimeProvider _timeProvider;

    /// <summary>Initializes a new instance of the <see cref="DemoOrderSeeder"/> class.</summary>
    public DemoOrderSeeder(SqliteDatabase database, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _database = database;
        _timeProvider = timeProvider;
    }

    /// <summary>Inserts the demo orders when the <c>orders</c> table is empty; never touches existing orders.</summary>
    /// <returns>How many orders were inserted: all of them, or 0 when there were orders already.</returns>
    public async Task<int> SeedAsync(CancellationToken cancellationToken)
    {
        var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            // BEGIN IMMEDIATE: two instances starting at once cannot both find the table empty.
            using var transaction = connection.BeginTransaction(deferred: false);
            var existing = await connection.ExecuteScalarAsync<long>(new SqlStatement(
                "SELECT COUNT(*) FROM orders",
                transaction: transaction,
                cancellationToken: cancellationToken)).ConfigureAwait(false);
            if (existing > 0)
            {
                return 0;
            }

            var rows = CreateOrders(_timeProvider.GetUtcNow()).Select(OrderRow.From).ToList();
            await connection.ExecuteAsync(new SqlStatement(
                """
                INSERT INTO orders (id, customer_email, status, placed_at, delivered_at, total, currency, shipping_address,
                                    items, refund_status)
                VALUES (@Id, @CustomerEmail, @Status, @PlacedAt, @DeliveredAt, @Total, @Currency, @ShippingAddress,
                        @Items, @RefundStatus)
                """,
                rows,
                transaction,
                cancellationToken: cancellationToken)).ConfigureAwait(false);
            transaction.Commit();
            return rows.Count;
        }
    }

    private static List<Order> CreateOrders(DateTimeOffset now)
    {
        DateTimeOffset DaysAgo(double days) => now.AddDays(-days);

        return
        [
            // Shipped: an address change must be refused.
            new("ORD-1001", "emma.wilson@example.com", OrderStatus.Shipped, DaysAgo(3), null, 59.90m, "USD",
                "742 Maple Avenue, Apt 3B, Portland, OR 97205, USA",
                "1 × Wireless earbuds (black)", null),

            // Processing: the address can change and the order can be cancelled.
            new("ORD-1002", "liam.garcia@example.com", OrderStatus.Processing, now.AddHours(-2), null, 124.50m, "USD",
                "1180 Sunset Boulevard, Los Angeles, CA 90026, USA",
                "1 × Trail running shoes (US 10), 2 × Merino wool socks (M)", null),

            // Delivered 10 days ago: refundable.
            new("ORD-1003", "olivia.brown@example.com", OrderStatus.Delivered, DaysAgo(14), DaysAgo(10), 89.00m, "USD",
                "55 Harbor Street, Boston, MA 02110, USA",
                "1 × Insulated water bottle 750 ml (blue), 1 × Yoga mat (grey)", null),

            // Delivered 45 days ago: outside the 30-day refund window.
            new("ORD-1004", "noah.davis@example.com", OrderStatus.Delivered, DaysAgo(50), DaysAgo(45), 249.99m, "USD",
                "9 Lakeview Drive, Madison, WI 53703, USA",
                "1 × Mechanical keyboard (brown switches)", null),

            // Cancelled before shipping: nothing to change or refund.
            new("ORD-1005", "ava.martinez@example.com", OrderStatus.Cancelled, DaysAgo(6), null, 34.95m, "USD",
                "301 Pine Street, Seattle, WA 98101, USA",
                "1 × Phone case (clear), 1 × Screen protector", null),

            // Delivered, refund already requested: a second request is refused.
            new("ORD-1006", "mia.johnson@example.com", OrderStatus.Delivered, DaysAgo(8), DaysAgo(5), 42.00m, "USD",
                "17 Elm Court, Austin, TX 78701, USA",
                "1 × Ceramic pour-over coffee set", "requested"),

            // Chinese customer, processing: address change and cancellation in Chinese.
            new("ORD-1007", "wang.fang@example.com", OrderStatus.Processing, DaysAgo(1), null, 368.00m, "CNY",
                "上海市浦东新区世纪大道100号 12楼 1203室, 200120",
                "1 × 蓝牙音箱（白色）, 2 × 手机数据线（1米）", null),

            // Delivered 29 days ago: the last day inside the refund window.
            new("ORD-1008", "lukas.schmidt@example.com", OrderStatus.Delivered, DaysAgo(33), DaysAgo(29), 75.00m, "EUR",
                "Friedrichstraße 123, 10117 Berlin, Germany",
                "1 × Backpack 25 l (olive)", null),
        ];
    }
}
