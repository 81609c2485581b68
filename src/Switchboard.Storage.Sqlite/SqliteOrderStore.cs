using System.Globalization;
using Microsoft.Data.Sqlite;
using Switchboard.Abstractions.Agents;

namespace Switchboard.Storage.Sqlite;

/// <summary>
/// The SQLite <see cref="IOrderStore"/>. Order numbers are stored upper-case and looked up upper-cased; totals are stored
/// as exact decimal text. Ticket ids count up (<c>TCK-000001</c>, <c>TCK-000002</c> …).
/// </summary>
public sealed class SqliteOrderStore : IOrderStore
{
    private const string OrderColumns =
        "id, customer_email AS customerEmail, status, placed_at AS placedAt, delivered_at AS deliveredAt, total, currency, " +
        "shipping_address AS shippingAddress, items, refund_status AS refundStatus";

    private readonly SqliteDatabase _database;
    private readonly TimeProvider _timeProvider;

    /// <summary>Initializes a new instance of the <see cref="SqliteOrderStore"/> class.</summary>
    public SqliteOrderStore(SqliteDatabase database, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _database = database;
        _timeProvider = timeProvider;
    }

    /// <inheritdoc />
    public async Task<Order?> GetAsync(string orderId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(orderId);
        var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var row = await connection.QuerySingleOrDefaultAsync<OrderRow>(new SqlStatement(
                $"SELECT {OrderColumns} FROM orders WHERE id = @id",
                new { id = OrderRow.NormalizeId(orderId) },
                cancellationToken: cancellationToken)).ConfigureAwait(false);
            return row?.ToOrder();
        }
    }

    /// <inheritdoc />
    public async Task<bool> UpdateAsync(Order order, string expectedStatus, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(order);
        ArgumentNullException.ThrowIfNull(expectedStatus);
        var row = OrderRow.From(order);
        var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            // Compare-and-set: a change decided on a status another request has since replaced does not apply.
            var changed = await connection.ExecuteAsync(new SqlStatement(
                """
                UPDATE orders SET status = @Status, shipping_address = @ShippingAddress, refund_status = @RefundStatus
                WHERE id = @Id AND status = @expectedStatus
                """,
                new { row.Id, row.Status, row.ShippingAddress, row.RefundStatus, expectedStatus },
                cancellationToken: cancellationToken)).ConfigureAwait(false);
            return changed > 0;
        }
    }

    /// <inheritdoc />
    /// <exception cref="KeyNotFoundException"><paramref name="conversationId"/> is given but does not exist.</exception>
    public async Task<string> CreateTicketAsync(
        string? conversationId,
        string subject,
        string description,
        string priority,
        CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(subject);
        ArgumentNullException.ThrowIfNull(description);
        ArgumentException.ThrowIfNullOrEmpty(priority);
        var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            // BEGIN IMMEDIATE: the next number is read and used under the write lock, so concurrent tickets never share one.
            using var transaction = connection.BeginTransaction(deferred: false);
            var number = await connection.ExecuteScalarAsync<long>(new SqlStatement(
                "SELECT COALESCE(MAX(number), 0) + 1 FROM tickets",
                transaction: transaction,
                cancellationToken: cancellationToken)).ConfigureAwait(false);
            var id = "TCK-" + number.ToString("D6", CultureInfo.InvariantCulture);
            try
            {
                await connection.ExecuteAsync(new SqlStatement(
                    """
                    INSERT INTO tickets (number, id, conversation_id, subject, description, priority, status, created_at)
                    VALUES (@number, @id, @conversationId, @subject, @description, @priority, 'open', @now)
                    """,
                    new { number, id, conversationId, subject, description, priority, now = _timeProvider.GetUtcNow().ToUnixTimeMilliseconds() },
                    transaction,
                    cancellationToken: cancellationToken)).ConfigureAwait(false);
            }
            catch (SqliteException exception) when (SqliteConstraints.IsForeignKeyViolation(exception))
            {
                throw new KeyNotFoundException($"Conversation '{conversationId}' does not exist.", exception);
            }

            transaction.Commit();
            return id;
        }
    }
}
