namespace Switchboard.Knowledge.Tests;

public sealed class KnowledgeBaseTests : IClassFixture<KnowledgeFixture>
{
    private readonly KnowledgeFixture _fixture;

    public KnowledgeBaseTests(KnowledgeFixture fixture) => _fixture = fixture;

    [Theory]
    [InlineData("where is my parcel", "track_order")]
    [InlineData("how can I cancel my purchase", "cancel_order")]
    [InlineData("refunds", "refund")]
    [InlineData("我的快递在哪里", "track_order")]
    [InlineData("申请退款", "refund")]
    [InlineData("收货地址错了", "change_address")]
    public async Task SearchLexical_EnglishAndChinese_RanksTheRightEntryFirst(string query, string expected)
    {
        var hits = await _fixture.Store.SearchAsync("shop", query, 5, CancellationToken.None);

        Assert.Equal(expected, hits[0].Id);
        Assert.Equal(hits.OrderByDescending(h => h.Score).Select(h => h.Id), hits.Select(h => h.Id));
    }

    [Theory]
    [InlineData("")]
    [InlineData("?!")]
    [InlineData("\"quotes\" AND OR NEAR(")]
    public async Task SearchLexical_NoTermsOrFtsSyntax_DoesNotThrow(string query)
    {
        var hits = await _fixture.Store.SearchAsync("shop", query, 5, CancellationToken.None);

        Assert.NotNull(hits);
    }

    [Fact]
    public async Task SearchLexical_OtherKnowledgeBase_IsIsolated()
    {
        Assert.Empty(await _fixture.Store.SearchAsync("another", "refund", 5, CancellationToken.None));
    }

    [Fact]
    public async Task Import_SameId_ReplacesTheEntryAndItsIndex()
    {
        await _fixture.Store.ImportAsync("replace", [KnowledgeFixture.Entries[0], KnowledgeFixture.Entries[1]], CancellationToken.None);
        var changed = KnowledgeFixture.Entries[0] with { Question = "Where is my shipment?", Alternates = ["logistics status"] };

        await _fixture.Store.ImportAsync("replace", [changed], CancellationToken.None);

        var entries = await _fixture.Store.ListAsync("replace", CancellationToken.None);
        Assert.Equal(2, entries.Count);
        Assert.Equal("Where is my shipment?", entries.Single(e => e.Id == "track_order").Question);
        Assert.Equal("track_order", (await _fixture.Store.SearchAsync("replace", "logistics", 5, CancellationToken.None)).Single().Id);
        Assert.Empty(await _fixture.Store.SearchAsync("replace", "package", 5, CancellationToken.None)); // only the old alternates said "package"
    }

    [Fact]
    public async Task ImportIntoEmpty_AKnowledgeBaseWithEntries_IsLeftAsItIs()
    {
        // The demo seeder's import: an operator's entries, imported meanwhile, are neither replaced nor mixed with the demo.
        Assert.Equal(1, await _fixture.Store.ImportIntoEmptyAsync("seeded", [KnowledgeFixture.Entries[0]], CancellationToken.None));
        var demo = KnowledgeFixture.Entries[0] with { Question = "The demo's question" };

        Assert.Equal(0, await _fixture.Store.ImportIntoEmptyAsync("seeded", [demo, KnowledgeFixture.Entries[1]], CancellationToken.None));

        var entry = Assert.Single(await _fixture.Store.ListAsync("seeded", CancellationToken.None));
        Assert.Equal(KnowledgeFixture.Entries[0].Question, entry.Question);
    }

    [Fact]
    public async Task List_RoundTripsEveryField()
    {
        var entry = (await _fixture.Store.ListAsync("shop", CancellationToken.None)).Single(e => e.Id == "refund");

        Assert.Equal(KnowledgeFixture.Entries[2].Alternates, entry.Alternates);
        Assert.Equal("payments", entry.Category);
        Assert.Equal(["refund"], entry.Tags);
    }

    [Theory]
    [InlineData(FaqSearchMode.Lexical)]
    [InlineData(FaqSearchMode.Paraphrase)]
    [InlineData(FaqSearchMode.Hybrid)]
    public async Task Searcher_EveryMode_FindsParaphrases(FaqSearchMode mode)
    {
        var searcher = await FaqSearcher.CreateAsync(_fixture.Store, "shop", CancellationToken.None);

        var hits = await searcher.SearchAsync("I would like my money back", 3, mode, CancellationToken.None);

        Assert.Equal("refund", hits[0].Entry.Id);
        Assert.InRange(hits[0].Confidence, 0, 1);
        Assert.True(hits.Count <= 3);
    }

    [Fact]
    public async Task Searcher_HybridFusesBothRankings()
    {
        var searcher = await FaqSearcher.CreateAsync(_fixture.Store, "shop", CancellationToken.None);

        var hits = await searcher.SearchAsync("取消订单", 4, FaqSearchMode.Hybrid, CancellationToken.None);

        Assert.Equal("cancel_order", hits[0].Entry.Id);
        Assert.Equal(1, hits[0].LexicalRank);
        Assert.Equal(hits.OrderByDescending(h => h.Score).Select(h => h.Entry.Id), hits.Select(h => h.Entry.Id));
    }

    [Fact]
    public async Task Searcher_Paraphrases_IgnoreWhichNumberAPhrasingHappensToContain()
    {
        // Each entry's phrasings carry one order number; the query asks to cancel with the other entry's number.
        await _fixture.Store.ImportAsync("numbers", [
            new("cancel_order", "cancel order 11122233", ["I want to cancel purchase 11122233", "cancelling order 11122233"], "Cancelled.", null, []),
            new("track_order", "where is order 44455566", ["status of purchase 44455566", "track order 44455566"], "On its way.", null, []),
        ], CancellationToken.None);
        var searcher = await FaqSearcher.CreateAsync(_fixture.Store, "numbers", CancellationToken.None);

        var hits = await searcher.SearchAsync("I need to cancel order 44455566", 2, FaqSearchMode.Paraphrase, CancellationToken.None);

        Assert.Equal("cancel_order", hits[0].Entry.Id);
        Assert.Equal(FaqSearcher.ParaphraseFeatures, searcher.Paraphrases.Features);
    }

    [Fact]
    public async Task Searcher_TooFewEntries_FailsClearly()
    {
        var exception = await Assert.ThrowsAsync<InvalidOperationException>(() => FaqSearcher.CreateAsync(_fixture.Store, "empty", CancellationToken.None));

        Assert.Contains("needs at least two", exception.Message);
    }

    [Fact]
    public async Task Evaluate_ComputesRecallAndMrr()
    {
        var searcher = await FaqSearcher.CreateAsync(_fixture.Store, "shop", CancellationToken.None);

        var report = await KnowledgeEvaluator.EvaluateAsync(
            searcher,
            [new("where is my package", "track_order"), new("退款", "refund"), new("completely unrelated words", "change_address")],
            FaqSearchMode.Hybrid,
            CancellationToken.None);

        Assert.Equal(3, report.Queries);
        Assert.InRange(report.RecallAt1, 2 / 3.0 - 1e-9, 1);
        Assert.Equal(1.0, report.RecallAt5); // 4 entries: everything is in the top 5
        Assert.True(report.MrrAt10 >= report.RecallAt1);
    }
}
