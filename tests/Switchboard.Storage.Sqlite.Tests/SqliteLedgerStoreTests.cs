using Dapper;
using Switchboard.Abstractions.Governance;

namespace Switchboard.Storage.Sqlite.Tests;

public sealed class SqliteLedgerStoreTests : IAsyncLifetime
{
    private readonly SqliteTestDatabase _db = new();
    private SqliteDatabase _database = null!;
    private SqliteLedgerStore _ledger = null!;

    public static TheoryData<UsageGrouping> Groupings => [.. Enum.GetValues<UsageGrouping>()];

    public async Task InitializeAsync()
    {
        _database = _db.Open();
        await _database.InitializeAsync(CancellationToken.None);
        _ledger = new SqliteLedgerStore(_database);
    }

    public Task DisposeAsync()
    {
        _db.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Append_ThenExport_KeepsEveryFieldExactly()
    {
        var entry = new LedgerEntry
        {
            Id = "led_01",
            Timestamp = new DateTimeOffset(2026, 3, 1, 23, 59, 59, 123, TimeSpan.Zero),
            TenantId = "acme",
            KeyId = "key_1",
            UserId = "alice",
            TeamId = "support",
            ConversationId = "conv_1",
            Agent = "refunds",
            AgentRunId = "run_1",
            Route = "smart",
            Provider = "openai",
            Model = "openai:gpt-4o",
            Streaming = true,
            PromptTokens = 1234,
            CompletionTokens = 567,
            CachedTokens = 1000,
            ReasoningTokens = 200,
            InputPricePerMillion = 2.5m,
            OutputPricePerMillion = 10.125m,
            PriceVersion = "0123456789ab",
            CostUsd = 0.008825875m,
            CacheHit = false,
            SavedUsd = 0m,
            LatencyMs = 812.25,
            TimeToFirstTokenMs = 95.5,
            Status = "ok",
        };

        await _ledger.AppendAsync([entry], default);

        var exported = Assert.Single(await ExportAsync(new UsageQuery { TenantId = "acme" }));
        Assert.Equal(entry, exported);
    }

    [Fact]
    public async Task SpentNano_SumsThePricedCostOfOneOwnerInItsTenantSinceTheWindowStart()
    {
        var start = LedgerEntries.Start;
        await _ledger.AppendAsync(
            [
                LedgerEntries.Entry(at: start, cost: 0.25m, key: "key_a", conversation: "conv_1") with { UserId = "alice", TeamId = "support" },
                LedgerEntries.Entry(at: start.AddHours(1), cost: 0.5m, key: "key_b") with { UserId = "alice" },
                LedgerEntries.Entry(at: start.AddDays(-1), cost: 2m, key: "key_a") with { UserId = "alice", TeamId = "support" },
                LedgerEntries.Entry(at: start, cost: null, key: "key_a") with { UserId = "alice" },
                LedgerEntries.Entry(tenant: "t2", at: start, cost: 8m, key: "key_c", conversation: "conv_1") with { UserId = "alice", TeamId = "support" },
            ],
            CancellationToken.None);

        Assert.Equal(750_000_000, await _ledger.SpentNanoAsync(BudgetScope.Tenant, "t1", "t1", start, CancellationToken.None));
        Assert.Equal(2_750_000_000, await _ledger.SpentNanoAsync(BudgetScope.Tenant, "t1", "t1", DateTimeOffset.MinValue, CancellationToken.None));
        Assert.Equal(250_000_000, await _ledger.SpentNanoAsync(BudgetScope.Key, "t1", "key_a", start, CancellationToken.None));
        Assert.Equal(750_000_000, await _ledger.SpentNanoAsync(BudgetScope.User, "t1", "alice", start, CancellationToken.None));
        Assert.Equal(2_250_000_000, await _ledger.SpentNanoAsync(BudgetScope.Team, "t1", "support", DateTimeOffset.MinValue, CancellationToken.None));
        Assert.Equal(250_000_000, await _ledger.SpentNanoAsync(BudgetScope.Conversation, "t1", "conv_1", DateTimeOffset.MinValue, CancellationToken.None));
        Assert.Equal(8_000_000_000, await _ledger.SpentNanoAsync(BudgetScope.User, "t2", "alice", start, CancellationToken.None));
        Assert.Equal(0, await _ledger.SpentNanoAsync(BudgetScope.AgentRun, "t1", "run_1", DateTimeOffset.MinValue, CancellationToken.None));
        Assert.Equal(0, await _ledger.SpentNanoAsync(BudgetScope.User, "t1", "bob", DateTimeOffset.MinValue, CancellationToken.None));
    }

    [Fact]
    public async Task Append_FailedAndUnpricedEntries_KeepNullsAndErrorClass()
    {
        var failed = LedgerEntries.Entry(cost: 0m) with { Status = "rate_limited", ErrorClass = "RateLimited", PromptTokens = 0, CompletionTokens = 0 };
        var unpriced = LedgerEntries.Entry(cost: null, model: "ollama:llama3");

        await _ledger.AppendAsync([failed, unpriced], default);

        var exported = await ExportAsync(new UsageQuery { TenantId = "t1" });
        Assert.Equal([failed, unpriced], exported.OrderBy(e => e.Id, StringComparer.Ordinal));
        Assert.Null(exported.Single(e => e.Id == unpriced.Id).CostUsd);
    }

    [Fact]
    public async Task Append_CostWithMoreThanNineDecimals_IsRoundedHalfAwayFromZeroToTheNanoDollar()
    {
        await _ledger.AppendAsync(
            [
                LedgerEntries.Entry(cost: 0.0000000015m),
                LedgerEntries.Entry(cost: 0.0000000014999m, at: LedgerEntries.Start.AddSeconds(1)),
            ],
            default);

        var exported = await ExportAsync(new UsageQuery { TenantId = "t1" });
        Assert.Equal([0.000000002m, 0.000000001m], exported.Select(e => e.CostUsd));
        await using var connection = await _database.OpenAsync(default);
        Assert.Equal([2L, 1L], await connection.QueryAsync<long>("SELECT cost_nano_usd FROM ledger ORDER BY created_at"));
    }

    [Fact]
    public async Task Append_Entry_StoresEachValueWithItsSqliteType()
    {
        // The INSERT binds through SQLitePCLRaw: text as UTF-16 (stored as UTF-8), an empty string as text, not NULL.
        var entry = LedgerEntries.Entry(cost: null) with
        {
            UserId = "zoë 東京 🚀",
            Agent = string.Empty,
            InputPricePerMillion = 0.150m,
            OutputPricePerMillion = null,
            LatencyMs = 12.5,
            TimeToFirstTokenMs = null,
            Streaming = true,
        };

        await _ledger.AppendAsync([entry], default);

        await using var connection = await _database.OpenAsync(default);
        var row = await connection.QuerySingleAsync<(string, string, string, string, string, string, string, string, string, string, double)>(
            """
            SELECT typeof(id), typeof(created_at), typeof(streaming), typeof(agent), agent, user_id, input_price_per_million,
                typeof(output_price_per_million), typeof(cost_nano_usd), typeof(ttft_ms), latency_ms
            FROM ledger
            """);
        Assert.Equal(("text", "integer", "integer", "text", string.Empty, "zoë 東京 🚀", "0.150", "null", "null", "null", 12.5), row);
        Assert.Equal(entry, Assert.Single(await ExportAsync(new UsageQuery { TenantId = entry.TenantId })));
    }

    [Fact]
    public async Task Append_Batch_IsAllOrNone()
    {
        var first = LedgerEntries.Entry();
        await _ledger.AppendAsync([first], default);

        // The second entry reuses the first one's id: the whole batch is refused, the new entry included.
        await Assert.ThrowsAnyAsync<Exception>(() => _ledger.AppendAsync([LedgerEntries.Entry(), first], default));

        Assert.Single(await ExportAsync(new UsageQuery { TenantId = "t1" }));
    }

    [Fact]
    public async Task Query_ByKey_SumsEachKeyAndOrdersByCost()
    {
        await _ledger.AppendAsync(
            [
                LedgerEntries.Entry(key: "key_a", cost: 0.25m),
                LedgerEntries.Entry(key: "key_b", cost: 1.5m),
                LedgerEntries.Entry(key: "key_a", cost: 0.125m),
                LedgerEntries.Entry(key: null, cost: 0.01m),
            ],
            default);

        var rows = await _ledger.QueryAsync(new UsageQuery { TenantId = "t1", GroupBy = UsageGrouping.Key }, default);

        Assert.Equal([("key_b", 1L, 1.5m), ("key_a", 2L, 0.375m), (null, 1L, 0.01m)], rows.Select(r => (r.Group, r.Requests, r.CostUsd)));
        Assert.Equal(200, rows[1].PromptTokens);
        Assert.Equal(40, rows[1].CompletionTokens);
    }

    [Fact]
    public async Task Query_ByDay_GroupsByUtcDateInDateOrder()
    {
        var evening = new DateTimeOffset(2026, 3, 1, 23, 30, 0, TimeSpan.FromHours(-5)); // 04:30 UTC on 2 March
        await _ledger.AppendAsync(
            [
                LedgerEntries.Entry(at: new DateTimeOffset(2026, 3, 2, 0, 0, 0, TimeSpan.Zero), cost: 1m),
                LedgerEntries.Entry(at: evening, cost: 2m),
                LedgerEntries.Entry(at: new DateTimeOffset(2026, 3, 1, 23, 59, 59, 999, TimeSpan.Zero), cost: 4m),
            ],
            default);

        var rows = await _ledger.QueryAsync(new UsageQuery { TenantId = "t1", GroupBy = UsageGrouping.Day }, default);

        Assert.Equal([("2026-03-01", 4m), ("2026-03-02", 3m)], rows.Select(r => (r.Group, r.CostUsd)));
    }

    [Fact]
    public async Task Query_Filters_RestrictToKeyUserAgentModelAndPeriod()
    {
        var start = LedgerEntries.Start;
        await _ledger.AppendAsync(
            [
                LedgerEntries.Entry(key: "key_a", cost: 1m, at: start) with { UserId = "u1", Agent = "triage" },
                LedgerEntries.Entry(key: "key_a", cost: 2m, at: start.AddHours(1)) with { UserId = "u2", Agent = "triage" },
                LedgerEntries.Entry(key: "key_b", cost: 4m, at: start.AddHours(2), model: "openai:gpt-4o") with { UserId = "u1" },
                LedgerEntries.Entry(key: "key_a", cost: 8m, at: start.AddHours(3)) with { UserId = "u1", Agent = "refunds" },
            ],
            default);
        var all = new UsageQuery { TenantId = "t1" };

        Assert.Equal(11m, (await _ledger.TotalsAsync(all with { KeyId = "key_a" }, default)).CostUsd);
        Assert.Equal(13m, (await _ledger.TotalsAsync(all with { UserId = "u1" }, default)).CostUsd);
        Assert.Equal(3m, (await _ledger.TotalsAsync(all with { Agent = "triage" }, default)).CostUsd);
        Assert.Equal(4m, (await _ledger.TotalsAsync(all with { Model = "openai:gpt-4o" }, default)).CostUsd);

        // From is inclusive, To exclusive.
        Assert.Equal(6m, (await _ledger.TotalsAsync(all with { From = start.AddHours(1), To = start.AddHours(3) }, default)).CostUsd);
    }

    [Fact]
    public async Task Query_AnotherTenantsEntries_AreNeverReturned()
    {
        await _ledger.AppendAsync(
            [
                LedgerEntries.Entry(tenant: "acme", key: "key_shared", conversation: "conv_1", cost: 1m),
                LedgerEntries.Entry(tenant: "globex", key: "key_shared", conversation: "conv_1", cost: 100m),
            ],
            default);
        var acme = new UsageQuery { TenantId = "acme", KeyId = "key_shared" };

        foreach (var grouping in Enum.GetValues<UsageGrouping>())
        {
            var rows = await _ledger.QueryAsync(acme with { GroupBy = grouping }, default);
            Assert.Equal(1m, rows.Sum(r => r.CostUsd));
            Assert.Equal(1, rows.Sum(r => r.Requests));
        }

        Assert.Equal(1m, (await _ledger.TotalsAsync(acme, default)).CostUsd);
        Assert.Equal(1m, Assert.Single(await _ledger.TopConversationsAsync(acme, 10, default)).CostUsd);
        Assert.Equal(["acme"], (await ExportAsync(acme)).Select(e => e.TenantId));
        Assert.Empty(await ExportAsync(new UsageQuery { TenantId = "initech" }));
    }

    [Fact]
    public async Task Totals_UnpricedEntries_AreCountedButNotSummed()
    {
        await _ledger.AppendAsync(
            [
                LedgerEntries.Entry(cost: 0.5m),
                LedgerEntries.Entry(cost: null, model: "ollama:llama3"),
                LedgerEntries.Entry(cost: null, model: "ollama:llama3"),
            ],
            default);

        var totals = await _ledger.TotalsAsync(new UsageQuery { TenantId = "t1" }, default);
        var byModel = await _ledger.QueryAsync(new UsageQuery { TenantId = "t1", GroupBy = UsageGrouping.Model }, default);

        Assert.Equal((3L, 0.5m, 2L), (totals.Requests, totals.CostUsd, totals.UnpricedRequests));
        var ollama = Assert.Single(byModel, r => r.Group == "ollama:llama3");
        Assert.Equal((2L, 0m, 2L), (ollama.Requests, ollama.CostUsd, ollama.UnpricedRequests));
        Assert.Equal(0, Assert.Single(byModel, r => r.Group == "openai:gpt-4o-mini").UnpricedRequests);
    }

    [Fact]
    public async Task Totals_NoEntries_AreZero()
    {
        var totals = await _ledger.TotalsAsync(new UsageQuery { TenantId = "t1" }, default);

        Assert.Equal(new UsageTotals(), totals);
    }

    [Fact]
    public async Task TopConversations_OrdersByCostThenRequestsAndStopsAtTheLimit()
    {
        await _ledger.AppendAsync(
            [
                LedgerEntries.Entry(conversation: "conv_cheap", cost: 0.1m),
                LedgerEntries.Entry(conversation: "conv_dear", cost: 3m),
                LedgerEntries.Entry(conversation: "conv_busy", cost: 1m),
                LedgerEntries.Entry(conversation: "conv_busy", cost: 1m),
                LedgerEntries.Entry(conversation: "conv_mid", cost: 2m),
                LedgerEntries.Entry(conversation: null, cost: 50m),
            ],
            default);

        var top = await _ledger.TopConversationsAsync(new UsageQuery { TenantId = "t1" }, 3, default);

        Assert.Equal([("conv_dear", 3m, 1L), ("conv_busy", 2m, 2L), ("conv_mid", 2m, 1L)], top.Select(r => (r.Group, r.CostUsd, r.Requests)));
    }

    [Fact]
    public async Task Export_ReturnsEveryMatchingEntryInTimeOrder()
    {
        var entries = LedgerEntries.Random(200, seed: 7);
        await _ledger.AppendAsync(entries, default);

        var exported = await ExportAsync(new UsageQuery { TenantId = "t2" });

        // As stored: costs to the nano-dollar.
        var expected = entries.Where(e => e.TenantId == "t2").OrderBy(e => e.Timestamp).ThenBy(e => e.Id, StringComparer.Ordinal)
            .Select(e => e with { CostUsd = e.CostUsd is { } cost ? LedgerEntries.Nano(cost) : null, SavedUsd = LedgerEntries.Nano(e.SavedUsd) })
            .ToList();
        Assert.NotEmpty(expected);
        Assert.Equal(expected, exported);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(5000)]
    public async Task Export_InPages_ReturnsEveryEntryOnceInOrder_AcrossEntriesOfTheSameMillisecond(int pageSize)
    {
        var ledger = new SqliteLedgerStore(_database, pageSize);
        var entries = LedgerEntries.Random(200, seed: 11);

        // Runs of entries in one millisecond, so that pages also break between rows of the same time.
        var tied = Enumerable.Range(0, 25).Select(i => LedgerEntries.Entry(tenant: "t2", at: LedgerEntries.Start.AddDays(3))).ToList();
        await ledger.AppendAsync([.. entries, .. tied], default);

        var exported = new List<LedgerEntry>();
        await foreach (var entry in ledger.ExportAsync(new UsageQuery { TenantId = "t2", From = LedgerEntries.Start.AddDays(1) }, default))
        {
            exported.Add(entry);
        }

        var expected = entries.Concat(tied).Where(e => e.TenantId == "t2" && e.Timestamp >= LedgerEntries.Start.AddDays(1))
            .OrderBy(e => e.Timestamp).ThenBy(e => e.Id, StringComparer.Ordinal).Select(e => e.Id).ToList();
        Assert.True(expected.Count > 50);
        Assert.Equal(expected, exported.Select(e => e.Id));
    }

    [Fact]
    public async Task Export_PausedBetweenPages_HoldsNoReadThatKeepsTheLogFromBeingCheckpointed()
    {
        var ledger = new SqliteLedgerStore(_database, exportPageSize: 10);
        await ledger.AppendAsync(Enumerable.Range(0, 30).Select(i => LedgerEntries.Entry(at: LedgerEntries.Start.AddMinutes(i))).ToList(), default);

        // A client that reads part of the export and stalls, while calls go on being recorded.
        await using var export = ledger.ExportAsync(new UsageQuery { TenantId = "t1" }, default).GetAsyncEnumerator();
        for (var i = 0; i < 15; i++)
        {
            Assert.True(await export.MoveNextAsync());
        }

        await ledger.AppendAsync([LedgerEntries.Entry(at: LedgerEntries.Start.AddDays(1))], default);

        // wal_checkpoint(TRUNCATE) answers busy = 1 when a reader still holds an older snapshot of the database.
        await using (var connection = await _database.OpenAsync(default))
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
            await using var reader = await command.ExecuteReaderAsync();
            Assert.True(await reader.ReadAsync());
            Assert.Equal(0L, reader.GetInt64(0));
        }

        var rest = 0;
        while (await export.MoveNextAsync())
        {
            rest++;
        }

        Assert.Equal(16, rest);
    }

    [Theory]
    [MemberData(nameof(Groupings))]
    public async Task Query_500RandomEntries_GroupsReconcileWithTotalsAndTheEntries(UsageGrouping grouping)
    {
        var entries = LedgerEntries.Random(500, seed: 20260301);
        await _ledger.AppendAsync(entries, default);
        Assert.Contains(entries, e => e.Unpriced);
        Assert.Contains(entries, e => e.CacheHit);
        Assert.Contains(entries, e => e.CostUsd is { } c && c != LedgerEntries.Nano(c));

        foreach (var tenant in new[] { "t1", "t2", "t3" })
        {
            var query = new UsageQuery { TenantId = tenant, GroupBy = grouping };
            var mine = entries.Where(e => e.TenantId == tenant).ToList();

            var rows = await _ledger.QueryAsync(query, default);
            var totals = await _ledger.TotalsAsync(query, default);

            var expected = Sum(mine);
            Assert.Equal(expected, totals);
            Assert.Equal(expected, Sum(rows));

            // Each group matches the same group computed here, from the entries.
            var expectedGroups = mine.GroupBy(e => LedgerEntries.GroupOf(e, grouping) ?? "(none)")
                .ToDictionary(g => g.Key, g => Sum(g.ToList()), StringComparer.Ordinal);
            Assert.Equal(expectedGroups.Count, rows.Count);
            Assert.Equal(rows.Count, rows.Select(r => r.Group).Distinct().Count());
            foreach (var row in rows)
            {
                Assert.Equal(expectedGroups[row.Group ?? "(none)"], Sum([row]));
            }
        }
    }

    [Theory]
    [MemberData(nameof(Groupings))]
    public async Task Report_500RandomEntries_TakesTheCostliestGroupsOrTheLatestDays_WithTheTotalsOfAll(UsageGrouping grouping)
    {
        var entries = LedgerEntries.Random(500, seed: 20261123);
        await _ledger.AppendAsync(entries, default);
        var query = new UsageQuery { TenantId = "t1", GroupBy = grouping };
        var rows = await _ledger.QueryAsync(query, default);
        var totals = await _ledger.TotalsAsync(query, default);

        foreach (var limit in new[] { 1, 2, rows.Count - 1, rows.Count, rows.Count + 5 }.Where(l => l > 0))
        {
            var report = await _ledger.ReportAsync(query, limit, default);
            // The query lists days oldest first and other groups costliest first; a report keeps the latest days.
            Assert.Equal(grouping == UsageGrouping.Day ? rows.TakeLast(limit) : rows.Take(limit), report.Rows);
            Assert.Equal(totals, report.Totals);
            Assert.Equal(rows.Count > limit, report.HasMore);
        }
    }

    private static UsageTotals Sum(List<LedgerEntry> entries) => new()
    {
        Requests = entries.Count,

        // Tokens models processed: a cache hit's entry keeps the original usage, which no model spent again.
        PromptTokens = entries.Where(e => !e.CacheHit).Sum(e => e.PromptTokens),
        CompletionTokens = entries.Where(e => !e.CacheHit).Sum(e => e.CompletionTokens),
        CachedTokens = entries.Where(e => !e.CacheHit).Sum(e => e.CachedTokens),
        ReasoningTokens = entries.Where(e => !e.CacheHit).Sum(e => e.ReasoningTokens),
        CostUsd = entries.Sum(e => e.CostUsd is { } cost ? LedgerEntries.Nano(cost) : 0m),
        SavedUsd = entries.Sum(e => LedgerEntries.Nano(e.SavedUsd)),
        UnpricedRequests = entries.Count(e => e.Unpriced),
        CacheHits = entries.Count(e => e.CacheHit),
        Errors = entries.Count(e => e.Status != "ok"),
    };

    private static UsageTotals Sum(IReadOnlyList<UsageRow> rows) => new()
    {
        Requests = rows.Sum(r => r.Requests),
        PromptTokens = rows.Sum(r => r.PromptTokens),
        CompletionTokens = rows.Sum(r => r.CompletionTokens),
        CachedTokens = rows.Sum(r => r.CachedTokens),
        ReasoningTokens = rows.Sum(r => r.ReasoningTokens),
        CostUsd = rows.Sum(r => r.CostUsd),
        SavedUsd = rows.Sum(r => r.SavedUsd),
        UnpricedRequests = rows.Sum(r => r.UnpricedRequests),
        CacheHits = rows.Sum(r => r.CacheHits),
        Errors = rows.Sum(r => r.Errors),
    };

    private async Task<List<LedgerEntry>> ExportAsync(UsageQuery query)
    {
        var entries = new List<LedgerEntry>();
        await foreach (var entry in _ledger.ExportAsync(query, default))
        {
            entries.Add(entry);
        }

        return entries;
    }
}
