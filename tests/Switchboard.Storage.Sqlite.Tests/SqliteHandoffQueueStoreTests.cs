using Switchboard.Abstractions.Agents;
using Switchboard.Abstractions.Conversations;

namespace Switchboard.Storage.Sqlite.Tests;

public sealed class SqliteHandoffQueueStoreTests : IAsyncLifetime
{
    private readonly SqliteTestDatabase _db = new();
    private readonly ManualTimeProvider _clock = new(new DateTimeOffset(2026, 11, 21, 8, 0, 0, TimeSpan.Zero));
    private SqliteConversationStore _conversations = null!;
    private SqliteHandoffQueueStore _queue = null!;

    public async Task InitializeAsync()
    {
        var database = _db.Open(_clock);
        await database.InitializeAsync(CancellationToken.None);
        _conversations = new SqliteConversationStore(database, _clock);
        _queue = new SqliteHandoffQueueStore(database, _clock);
    }

    public Task DisposeAsync()
    {
        _db.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Enqueue_ThenGet_ReturnsAWaitingItem()
    {
        var conversation = await CreateConversationAsync();

        var item = await _queue.EnqueueAsync(new NewQueueItem(conversation, "refunds", "wants a manager", QueuePriority.High, "billing", "Refund of ORD-1004 refused"), default);

        Assert.Matches("^hq_[0-9a-z]{26}$", item.Id);
        Assert.Equal(
            new QueueItem(item.Id, conversation, "refunds", "wants a manager", QueuePriority.High, "billing", "Refund of ORD-1004 refused",
                QueueItemStatus.Waiting, null, _clock.GetUtcNow(), null, null),
            item);
        Assert.Equal(item, await _queue.GetAsync(item.Id, default));
    }

    [Fact]
    public async Task Get_Unknown_ReturnsNull()
    {
        Assert.Null(await _queue.GetAsync("hq_nope", default));
    }

    [Fact]
    public async Task Enqueue_UnknownConversation_ThrowsKeyNotFound()
    {
        await Assert.ThrowsAsync<KeyNotFoundException>(() =>
            _queue.EnqueueAsync(new NewQueueItem("conv_nope", "triage", "r", QueuePriority.Normal, "support", "s"), default));
    }

    [Fact]
    public async Task Enqueue_UnknownPriority_ThrowsArgument()
    {
        var conversation = await CreateConversationAsync();

        await Assert.ThrowsAsync<ArgumentException>(() =>
            _queue.EnqueueAsync(new NewQueueItem(conversation, "triage", "r", "critical", "support", "s"), default));
    }

    [Fact]
    public async Task List_NoStatus_ReturnsWaitingAndClaimedOldestFirst()
    {
        var waiting = await EnqueueAsync();
        var claimed = await EnqueueAsync();
        var resolved = await EnqueueAsync();
        var returned = await EnqueueAsync();
        var last = await EnqueueAsync();
        await _queue.ClaimAsync(claimed.Id, "dana", default);
        await _queue.CloseAsync(resolved.Id, QueueItemStatus.Resolved, null, default);
        await _queue.CloseAsync(returned.Id, QueueItemStatus.Returned, null, default);

        var listed = await _queue.ListAsync(new QueueFilter(null, null, null, 50), default);

        Assert.Equal([waiting.Id, claimed.Id, last.Id], listed.Items.Select(i => i.Id));
        Assert.Null(listed.NextCursor);
    }

    [Fact]
    public async Task SummarizeOpen_Empty_ReturnsNoGroups()
    {
        var resolved = await EnqueueAsync();
        await _queue.CloseAsync(resolved.Id, QueueItemStatus.Resolved, null, default);

        Assert.Empty(await _queue.SummarizeOpenAsync(default));
    }

    [Fact]
    public async Task SummarizeOpen_GroupsOpenItemsByStatusAndTeam_WithTheOldestQueueingTime()
    {
        var oldestSupport = await EnqueueAsync(team: "support");
        var claimedSupport = await EnqueueAsync(team: "support");
        var resolvedBilling = await EnqueueAsync(team: "billing");
        var oldestBilling = await EnqueueAsync(team: "billing");
        await EnqueueAsync(team: "support");
        await EnqueueAsync(team: "billing");
        await _queue.ClaimAsync(claimedSupport.Id, "dana", default);
        await _queue.CloseAsync(resolvedBilling.Id, QueueItemStatus.Resolved, null, default);

        var groups = await _queue.SummarizeOpenAsync(default);

        Assert.Equal(
            [
                new QueueGroupSummary(QueueItemStatus.Claimed, "support", 1, claimedSupport.CreatedAt),
                new QueueGroupSummary(QueueItemStatus.Waiting, "billing", 2, oldestBilling.CreatedAt),
                new QueueGroupSummary(QueueItemStatus.Waiting, "support", 2, oldestSupport.CreatedAt),
            ],
            groups.OrderBy(g => g.Status, StringComparer.Ordinal).ThenBy(g => g.Team, StringComparer.Ordinal));
    }

    [Fact]
    public async Task List_SameMillisecond_KeepsQueueingOrder()
    {
        var items = new List<QueueItem> { await EnqueueAsync() };
        for (var i = 0; i < 7; i++)
        {
            items.Add(await EnqueueAsync(advance: false));
        }

        var listed = await _queue.ListAsync(new QueueFilter(null, null, null, 50), default);

        Assert.Equal(items.Select(i => i.Id), listed.Items.Select(i => i.Id));
    }

    [Fact]
    public async Task List_Filters_ByTeamPriorityAndStatus()
    {
        var billingHigh = await EnqueueAsync(team: "billing", priority: QueuePriority.High);
        var billingLow = await EnqueueAsync(team: "billing", priority: QueuePriority.Low);
        var supportHigh = await EnqueueAsync(team: "support", priority: QueuePriority.High);
        var resolvedBillingHigh = await EnqueueAsync(team: "billing", priority: QueuePriority.High);
        await _queue.CloseAsync(resolvedBillingHigh.Id, QueueItemStatus.Resolved, null, default);

        async Task<IEnumerable<string>> ListAsync(string? team, string? priority, string? status) =>
            (await _queue.ListAsync(new QueueFilter(team, priority, status, 50), default)).Items.Select(i => i.Id);

        Assert.Equal([billingHigh.Id, billingLow.Id], await ListAsync("billing", null, null));
        Assert.Equal([billingHigh.Id, supportHigh.Id], await ListAsync(null, QueuePriority.High, null));
        Assert.Equal([billingHigh.Id], await ListAsync("billing", QueuePriority.High, null));
        Assert.Equal([resolvedBillingHigh.Id], await ListAsync(null, null, QueueItemStatus.Resolved));
        Assert.Equal([billingHigh.Id, supportHigh.Id, billingLow.Id], await ListAsync(null, null, QueueItemStatus.Waiting)); // most urgent first
        Assert.Empty(await ListAsync("nobody", null, null));
    }

    [Fact]
    public async Task List_Pages_GoThroughEveryItemOnceMostUrgentFirstThenOldest()
    {
        var items = new List<QueueItem>();
        string[] priorities = [QueuePriority.Normal, QueuePriority.Low, QueuePriority.Urgent, QueuePriority.Normal, QueuePriority.High, QueuePriority.Urgent, QueuePriority.Normal];
        foreach (var (priority, i) in priorities.Select((p, i) => (p, i)))
        {
            items.Add(await EnqueueAsync(priority: priority, advance: i % 2 == 0)); // some in the same millisecond
        }

        var listed = new List<string>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await _queue.ListAsync(new QueueFilter(null, null, null, 3) { Cursor = cursor }, default);
            Assert.InRange(page.Items.Count, 1, 3);
            listed.AddRange(page.Items.Select(i => i.Id));
            cursor = page.NextCursor;
            pages++;
        }
        while (cursor is not null);

        var expected = items.OrderByDescending(i => QueuePriority.Rank(i.Priority)).ThenBy(i => items.IndexOf(i)).Select(i => i.Id);
        Assert.Equal(expected, listed);
        Assert.Equal(3, pages);
    }

    [Theory]
    [InlineData("nonsense")]
    [InlineData("4.1.1")]
    [InlineData("1.-5.2")]
    public async Task List_ACursorItDidNotWrite_IsAFormatException(string cursor)
    {
        await Assert.ThrowsAsync<FormatException>(() => _queue.ListAsync(new QueueFilter(null, null, null, 3) { Cursor = cursor }, default));
    }

    [Fact]
    public async Task Claim_Waiting_ClaimsItForTheOperator()
    {
        var item = await EnqueueAsync();
        _clock.Advance(TimeSpan.FromMinutes(2));

        var claimed = await _queue.ClaimAsync(item.Id, "dana", default);

        Assert.Equal(new QueueChange(item with { Status = QueueItemStatus.Claimed, Operator = "dana", ClaimedAt = _clock.GetUtcNow() }, true), claimed);
        Assert.Equal(claimed!.Item, await _queue.GetAsync(item.Id, default));
    }

    [Fact]
    public async Task Claim_ByASecondOperator_ReturnsTheItemUnchangedWithTheFirstOperator()
    {
        var item = await EnqueueAsync();
        var first = await _queue.ClaimAsync(item.Id, "dana", default);
        _clock.Advance(TimeSpan.FromSeconds(1));

        var second = await _queue.ClaimAsync(item.Id, "eli", default);

        Assert.NotNull(second);
        Assert.Equal(first!.Item, second.Item);
        Assert.False(second.Changed);
        Assert.Equal("dana", second.Item.Operator);
    }

    [Fact]
    public async Task Claim_Concurrently_ExactlyOneOperatorWins()
    {
        var item = await EnqueueAsync();

        var results = await Task.WhenAll(Enumerable.Range(0, 12).Select(i => Task.Run(() => _queue.ClaimAsync(item.Id, $"op{i}", default))));

        var winner = Assert.Single(results.Select(r => r!.Item.Operator).Distinct());
        Assert.NotNull(winner);
        Assert.All(results, r => Assert.Equal(QueueItemStatus.Claimed, r!.Item.Status));
        Assert.Equal(winner, Assert.Single(results, r => r!.Changed)!.Item.Operator);
    }

    [Fact]
    public async Task Claim_TheSameOperatorTwiceAtOnce_OnlyOneCallClaims()
    {
        var item = await EnqueueAsync();

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => _queue.ClaimAsync(item.Id, "dana", default))));

        Assert.All(results, r => Assert.Equal((QueueItemStatus.Claimed, "dana"), (r!.Item.Status, r.Item.Operator)));
        Assert.Single(results, r => r!.Changed);
    }

    [Fact]
    public async Task Claim_Unknown_ReturnsNull()
    {
        Assert.Null(await _queue.ClaimAsync("hq_nope", "dana", default));
    }

    [Fact]
    public async Task Claim_Closed_ReturnsItUnchanged()
    {
        var item = await EnqueueAsync();
        var returned = await _queue.CloseAsync(item.Id, QueueItemStatus.Returned, null, default);

        Assert.Equal(new QueueChange(returned!.Item, false), await _queue.ClaimAsync(item.Id, "dana", default));
    }

    [Fact]
    public async Task Close_Claimed_ResolvesIt()
    {
        var item = await EnqueueAsync();
        var claimed = await _queue.ClaimAsync(item.Id, "dana", default);
        _clock.Advance(TimeSpan.FromMinutes(10));

        var resolved = await _queue.CloseAsync(item.Id, QueueItemStatus.Resolved, null, default);

        Assert.Equal(new QueueChange(claimed!.Item with { Status = QueueItemStatus.Resolved, ClosedAt = _clock.GetUtcNow() }, true), resolved);
    }

    [Fact]
    public async Task Close_ByAnOperatorWhoSawItWaiting_AfterAnotherClaimedIt_LeavesTheClaim()
    {
        var item = await EnqueueAsync();
        var claimed = await _queue.ClaimAsync(item.Id, "bea", default);

        var attempt = await _queue.CloseAsync(item.Id, QueueItemStatus.Resolved, "cho", default);
        var byHolder = await _queue.CloseAsync(item.Id, QueueItemStatus.Resolved, "bea", default);

        Assert.Equal(new QueueChange(claimed!.Item, false), attempt);
        Assert.Equal((QueueItemStatus.Resolved, "bea", true), (byHolder!.Item.Status, byHolder.Item.Operator, byHolder.Changed));
    }

    [Fact]
    public async Task Close_TwoOperatorsCloseOneWaitingItemAtOnce_TheItemNamesTheFirst()
    {
        var item = await EnqueueAsync();

        var first = await _queue.CloseAsync(item.Id, QueueItemStatus.Resolved, "bea", default);
        var second = await _queue.CloseAsync(item.Id, QueueItemStatus.Resolved, "cho", default);

        // The second close changed nothing: the item still names bea, so the endpoint can tell cho it lost.
        Assert.Equal((QueueItemStatus.Resolved, "bea", true), (first!.Item.Status, first.Item.Operator, first.Changed));
        Assert.Equal(new QueueChange(first.Item, false), second);
    }

    [Fact]
    public async Task Close_Waiting_ReturnsItToTheBot()
    {
        var item = await EnqueueAsync();

        var returned = await _queue.CloseAsync(item.Id, QueueItemStatus.Returned, null, default);

        Assert.Equal(new QueueChange(item with { Status = QueueItemStatus.Returned, ClosedAt = _clock.GetUtcNow() }, true), returned);
    }

    [Fact]
    public async Task Close_AlreadyClosed_ReturnsItUnchanged()
    {
        var item = await EnqueueAsync();
        var resolved = await _queue.CloseAsync(item.Id, QueueItemStatus.Resolved, null, default);
        _clock.Advance(TimeSpan.FromMinutes(1));

        var again = await _queue.CloseAsync(item.Id, QueueItemStatus.Returned, null, default);

        Assert.Equal(new QueueChange(resolved!.Item, false), again);
    }

    [Fact]
    public async Task Close_Unknown_ReturnsNull()
    {
        Assert.Null(await _queue.CloseAsync("hq_nope", QueueItemStatus.Resolved, null, default));
    }

    [Theory]
    [InlineData(QueueItemStatus.Waiting)]
    [InlineData(QueueItemStatus.Claimed)]
    [InlineData("done")]
    public async Task Close_ToAnOpenOrUnknownStatus_ThrowsArgument(string status)
    {
        var item = await EnqueueAsync();

        await Assert.ThrowsAsync<ArgumentException>(() => _queue.CloseAsync(item.Id, status, null, default));
        Assert.Equal(QueueItemStatus.Waiting, (await _queue.GetAsync(item.Id, default))!.Status);
    }

    [Fact]
    public async Task GetOpen_FollowsTheItemUntilItCloses()
    {
        var conversation = await CreateConversationAsync();
        Assert.Null(await _queue.GetOpenAsync(conversation, default));

        var item = await _queue.EnqueueAsync(new NewQueueItem(conversation, "triage", "r", QueuePriority.Normal, "support", "s"), default);
        Assert.Equal(item, await _queue.GetOpenAsync(conversation, default));

        var claimed = await _queue.ClaimAsync(item.Id, "dana", default);
        Assert.Equal(claimed!.Item, await _queue.GetOpenAsync(conversation, default));

        await _queue.CloseAsync(item.Id, QueueItemStatus.Resolved, null, default);
        Assert.Null(await _queue.GetOpenAsync(conversation, default));
    }

    [Fact]
    public async Task GetOpen_IgnoresOtherConversations()
    {
        await EnqueueAsync();
        var quiet = await CreateConversationAsync();

        Assert.Null(await _queue.GetOpenAsync(quiet, default));
    }

    [Fact]
    public async Task AddNote_ListsNotesOldestFirst()
    {
        var item = await EnqueueAsync();
        var first = await _queue.AddNoteAsync(item.Id, "dana", "Called the customer, no answer.", default);
        _clock.Advance(TimeSpan.FromMinutes(5));
        var second = await _queue.AddNoteAsync(item.Id, "eli", "已退款，等待确认。", default);
        var third = await _queue.AddNoteAsync(item.Id, "dana", "Same millisecond.", default);

        var notes = await _queue.ListNotesAsync(item.Id, default);

        Assert.Equal([first, second, third], notes);
        Assert.Matches("^note_[0-9a-z]{26}$", first.Id);
        Assert.Equal(new QueueNote(second.Id, item.Id, "eli", "已退款，等待确认。", _clock.GetUtcNow()), notes[1]);
        Assert.Empty(await _queue.ListNotesAsync((await EnqueueAsync()).Id, default));
    }

    [Fact]
    public async Task AddNote_UnknownItem_ThrowsKeyNotFound()
    {
        await Assert.ThrowsAsync<KeyNotFoundException>(() => _queue.AddNoteAsync("hq_nope", "dana", "x", default));
    }

    [Fact]
    public async Task DeleteConversation_DeletesItsItemsAndTheirNotes()
    {
        var conversation = await CreateConversationAsync();
        var item = await _queue.EnqueueAsync(new NewQueueItem(conversation, "triage", "r", QueuePriority.Normal, "support", "s"), default);
        await _queue.AddNoteAsync(item.Id, "dana", "note", default);

        await _conversations.DeleteAsync(conversation, default);

        Assert.Null(await _queue.GetAsync(item.Id, default));
        Assert.Empty(await _queue.ListNotesAsync(item.Id, default));
        Assert.Empty((await _queue.ListAsync(new QueueFilter(null, null, null, 10), default)).Items);
    }

    private async Task<string> CreateConversationAsync() =>
        (await _conversations.CreateAsync(new NewConversation(null, null, null, new Dictionary<string, string>()), default)).Id;

    private async Task<QueueItem> EnqueueAsync(string team = "support", string priority = QueuePriority.Normal, bool advance = true)
    {
        if (advance)
        {
            _clock.Advance(TimeSpan.FromSeconds(1));
        }

        var conversation = await CreateConversationAsync();
        return await _queue.EnqueueAsync(new NewQueueItem(conversation, "triage", "needs a person", priority, team, "summary"), default);
    }
}
