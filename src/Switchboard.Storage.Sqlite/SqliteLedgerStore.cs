using System.Runtime.CompilerServices;
using System.Text;
using Switchboard.Abstractions.Governance;

namespace Switchboard.Storage.Sqlite;

/// <summary>
/// The SQLite <see cref="ILedgerStore"/>. Costs are stored as whole nano-USD (USD × 10⁹, rounded half away from zero),
/// so SQLite sums them exactly and a report's groups add up to its totals to the last nano-dollar; unpriced calls
/// store no cost and are counted apart. Days are UTC dates. Every query filters by tenant first.
/// </summary>
public sealed class SqliteLedgerStore : ILedgerStore, IBudgetSpendSource
{
    // Rows per read of an export: about 0.5 MB of rows held at a time.
    private const int DefaultExportPageSize = 1000;

    private readonly SqliteDatabase _database;
    private readonly int _exportPageSize;

    /// <summary>Initializes a new instance of the <see cref="SqliteLedgerStore"/> class.</summary>
    public SqliteLedgerStore(SqliteDatabase database)
        : this(database, DefaultExportPageSize)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="SqliteLedgerStore"/> class that exports in pages of the given size.</summary>
    internal SqliteLedgerStore(SqliteDatabase database, int exportPageSize)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(exportPageSize);
        _database = database;
        _exportPageSize = exportPageSize;
    }

    /// <inheritdoc />
    public async Task AppendAsync(IReadOnlyList<LedgerEntry> entries, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entries);
        if (entries.Count == 0)
        {
            return;
        }

        for (var i = 0; i < entries.Count; i++)
        {
            // Checked before the connection is opened: a batch is written whole or not at all.
            _ = entries[i] ?? throw new ArgumentException("The entries contain null.", nameof(entries));
        }

        var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            // One transaction for the batch: one fsync instead of one per row, and all or none.
            using var transaction = connection.BeginTransaction(deferred: false);
            using (var insert = new LedgerInsertCommand(connection))
            {
                for (var i = 0; i < entries.Count; i++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    insert.Execute(entries[i]);
                }
            }

            transaction.Commit();
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<UsageRow>> QueryAsync(UsageQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var rows = await AggregateAsync(
            GroupedSql(query),
            query,
            null,
            cancellationToken).ConfigureAwait(false);
        return rows.Select(r => r.ToRow()).ToList();
    }

    /// <inheritdoc />
    public async Task<UsageReport> ReportAsync(UsageQuery query, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            // One read transaction: both statements see the same snapshot (WAL), so a batch written in between cannot
            // make the rows and the totals disagree.
            using var transaction = connection.BeginTransaction(deferred: true);
            // A report by day that cannot show every day keeps the latest ones, read newest first and shown in date order.
            var byDay = query.GroupBy == UsageGrouping.Day;
            var rows = await connection.QueryAsync<UsageAggregateRow>(new SqlStatement(
                GroupedSql(query, newestDaysFirst: byDay) + " LIMIT @limit",
                Parameters(query, limit + 1),
                transaction,
                cancellationToken: cancellationToken)).ConfigureAwait(false);
            var totals = await connection.QueryAsync<UsageAggregateRow>(new SqlStatement(
                TotalsSql(query),
                Parameters(query, null),
                transaction,
                cancellationToken: cancellationToken)).ConfigureAwait(false);
            transaction.Commit();
            var kept = rows.Take(limit).Select(r => r.ToRow()).ToList();
            if (byDay)
            {
                kept.Reverse();
            }

            return new UsageReport(kept, totals.Single().ToTotals(), rows.Count > limit);
        }
    }

    /// <inheritdoc />
    public async Task<UsageTotals> TotalsAsync(UsageQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var rows = await AggregateAsync(
            TotalsSql(query),
            query,
            null,
            cancellationToken).ConfigureAwait(false);
        return rows.Single().ToTotals();
    }

    /// <inheritdoc />
    public async ValueTask<long> SpentNanoAsync(BudgetScope scope, string tenantId, string id, DateTimeOffset from, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tenantId);
        ArgumentNullException.ThrowIfNull(id);
        var owner = scope switch
        {
            BudgetScope.Tenant => null,
            BudgetScope.Key => "key_id",
            BudgetScope.User => "user_id",
            BudgetScope.Team => "team_id",
            BudgetScope.Conversation => "conversation_id",
            _ => string.Empty, // an agent run: never before this process
        };
        if (owner is { Length: 0 })
        {
            return 0;
        }

        // Unpriced calls have no cost (NULL), which SUM skips. Each filter has an index that starts with the tenant.
        var sql = "SELECT COALESCE(SUM(cost_nano_usd), 0) FROM ledger WHERE tenant_id = @tenantId AND created_at >= @from"
            + (owner is null ? string.Empty : $" AND {owner} = @id");
        var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            return await connection.ExecuteScalarAsync<long>(new SqlStatement(
                sql,
                new { tenantId, id, from = from == DateTimeOffset.MinValue ? long.MinValue : from.ToUnixTimeMilliseconds() },
                cancellationToken: cancellationToken)).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<UsageRow>> TopConversationsAsync(UsageQuery query, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        var rows = await AggregateAsync(
            $"""
            SELECT conversation_id AS GroupKey, {UsageAggregateRow.Aggregates} FROM ledger
            WHERE {Where(query)} AND conversation_id IS NOT NULL
            GROUP BY conversation_id ORDER BY CostNanoUsd DESC, Requests DESC, GroupKey LIMIT @limit
            """,
            query,
            limit,
            cancellationToken).ConfigureAwait(false);
        return rows.Select(r => r.ToRow()).ToList();
    }

    /// <inheritdoc />
    /// <remarks>
    /// The rows are read in pages, each in a read of its own that ends before its rows are handed out. One read held
    /// for the whole download would keep SQLite from checkpointing its write-ahead log into the database for as long
    /// as the client takes, so that a slow or stalled download would let the log grow with every call recorded
    /// meanwhile. Each page goes on after the last row of the one before it, by time and id: an entry recorded during
    /// the export is in it when it sorts after the rows already read and falls within the query's period.
    /// </remarks>
    public async IAsyncEnumerable<LedgerEntry> ExportAsync(UsageQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var first = $"SELECT {LedgerRow.Columns} FROM ledger WHERE {Where(query)} ORDER BY created_at, id LIMIT @limit";
        var next = $"SELECT {LedgerRow.Columns} FROM ledger WHERE {Where(query)} AND (created_at > @afterCreatedAt OR (created_at = @afterCreatedAt AND id > @afterId)) ORDER BY created_at, id LIMIT @limit";
        LedgerRow? last = null;
        while (true)
        {
            List<LedgerRow> page;
            var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                page = await connection.QueryAsync<LedgerRow>(new SqlStatement(
                    last is null ? first : next,
                    Parameters(query, _exportPageSize, last),
                    cancellationToken: cancellationToken)).ConfigureAwait(false);
            }

            foreach (var row in page)
            {
                yield return row.ToEntry();
            }

            if (page.Count < _exportPageSize)
            {
                yield break;
            }

            last = page[^1];
        }
    }

    /// <summary>The SQL expression a grouping groups by; a fixed set, never text from the caller.</summary>
    // One row per group: days in date order, other groupings costliest first.
    private static string GroupedSql(UsageQuery query, bool newestDaysFirst = false)
    {
        var group = GroupExpression(query.GroupBy);
        var order = query.GroupBy != UsageGrouping.Day ? "CostNanoUsd DESC, Requests DESC, GroupKey"
            : newestDaysFirst ? "GroupKey DESC"
            : "GroupKey";
        return $"SELECT {group} AS GroupKey, {UsageAggregateRow.Aggregates} FROM ledger WHERE {Where(query)} GROUP BY {group} ORDER BY {order}";
    }

    private static string TotalsSql(UsageQuery query) =>
        $"SELECT NULL AS GroupKey, {UsageAggregateRow.Aggregates} FROM ledger WHERE {Where(query)}";

    private static string GroupExpression(UsageGrouping grouping) => grouping switch
    {
        // created_at is unix milliseconds; 'unixepoch' reads seconds and gives the UTC date.
        UsageGrouping.Day => "strftime('%Y-%m-%d', created_at / 1000, 'unixepoch')",
        UsageGrouping.Tenant => "tenant_id",
        UsageGrouping.Key => "key_id",
        UsageGrouping.User => "user_id",
        UsageGrouping.Team => "team_id",
        UsageGrouping.Agent => "agent",
        UsageGrouping.Model => "model",
        UsageGrouping.Provider => "provider",
        UsageGrouping.Route => "route",
        UsageGrouping.Conversation => "conversation_id",
        _ => throw new ArgumentOutOfRangeException(nameof(grouping), grouping, "Unknown grouping."),
    };

    private static string Where(UsageQuery query)
    {
        ArgumentException.ThrowIfNullOrEmpty(query.TenantId, nameof(query));
        var where = new StringBuilder("tenant_id = @tenantId");
        if (query.KeyId is not null)
        {
            where.Append(" AND key_id = @keyId");
        }

        if (query.UserId is not null)
        {
            where.Append(" AND user_id = @userId");
        }

        if (query.Agent is not null)
        {
            where.Append(" AND agent = @agent");
        }

        if (query.Model is not null)
        {
            where.Append(" AND model = @model");
        }

        if (query.From is not null)
        {
            where.Append(" AND created_at >= @from");
        }

        if (query.To is not null)
        {
            where.Append(" AND created_at < @to");
        }

        return where.ToString();
    }

    // after: the last row of an export's previous page, which the next page goes on from.
    private static object Parameters(UsageQuery query, int? limit, LedgerRow? after = null) => new
    {
        tenantId = query.TenantId,
        keyId = query.KeyId,
        userId = query.UserId,
        agent = query.Agent,
        model = query.Model,
        from = query.From?.ToUnixTimeMilliseconds(),
        to = query.To?.ToUnixTimeMilliseconds(),
        limit,
        afterCreatedAt = after?.CreatedAt,
        afterId = after?.Id,
    };

    private async Task<IEnumerable<UsageAggregateRow>> AggregateAsync(string sql, UsageQuery query, int? limit, CancellationToken cancellationToken)
    {
        var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            return await connection.QueryAsync<UsageAggregateRow>(new SqlStatement(sql, Parameters(query, limit), cancellationToken: cancellationToken)).ConfigureAwait(false);
        }
    }
}
