using Switchboard.Abstractions.Agents;
using Switchboard.Abstractions.Conversations;

namespace Switchboard.Storage.Sqlite.Tests;

public sealed class SqliteAgentSessionStoreTests : IAsyncLifetime
{
    private readonly SqliteTestDatabase _db = new();
    private readonly ManualTimeProvider _clock = new(new DateTimeOffset(2026, 11, 21, 8, 0, 0, TimeSpan.Zero));
    private SqliteConversationStore _conversations = null!;
    private SqliteAgentSessionStore _store = null!;

    public async Task InitializeAsync()
    {
        var database = _db.Open(_clock);
        await database.InitializeAsync(CancellationToken.None);
        _conversations = new SqliteConversationStore(database, _clock);
        _store = new SqliteAgentSessionStore(database, _clock);
    }

    public Task DisposeAsync()
    {
        _db.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Get_NoAgentRanYet_ReturnsNull()
    {
        var conversation = await CreateConversationAsync();

        Assert.Null(await _store.GetAsync(conversation, default));
    }

    [Fact]
    public async Task Save_ThenGet_ReturnsTheState()
    {
        var conversation = await CreateConversationAsync();

        var saved = await _store.SaveAsync(conversation, "triage", AgentSessionStatus.Active, 0, default);
        var fetched = await _store.GetAsync(conversation, default);

        Assert.Equal(new AgentSession(conversation, "triage", AgentSessionStatus.Active, 0, _clock.GetUtcNow()), saved);
        Assert.Equal(saved, fetched);
    }

    [Fact]
    public async Task Save_Again_ReplacesTheState()
    {
        var conversation = await CreateConversationAsync();
        await _store.SaveAsync(conversation, "triage", AgentSessionStatus.Active, 0, default);
        _clock.Advance(TimeSpan.FromMinutes(3));

        await _store.SaveAsync(conversation, "refunds", AgentSessionStatus.Escalated, 2, default);

        Assert.Equal(
            new AgentSession(conversation, "refunds", AgentSessionStatus.Escalated, 2, _clock.GetUtcNow()),
            await _store.GetAsync(conversation, default));
    }

    [Fact]
    public async Task Save_UnknownConversation_ThrowsKeyNotFound()
    {
        await Assert.ThrowsAsync<KeyNotFoundException>(() => _store.SaveAsync("conv_nope", "triage", AgentSessionStatus.Active, 0, default));
    }

    [Fact]
    public async Task RecordHandoff_ListsOldestFirstWithEveryField()
    {
        var conversation = await CreateConversationAsync();
        var first = await _store.RecordHandoffAsync(new NewHandoff(conversation, null, "triage", "first message", "classifier", 0.91, null, null), default);
        _clock.Advance(TimeSpan.FromSeconds(5));
        var second = await _store.RecordHandoffAsync(new NewHandoff(conversation, "triage", "refunds", "asks for a refund", "llm", null, 120, 8), default);

        // Same millisecond: still listed in the order recorded.
        var third = await _store.RecordHandoffAsync(new NewHandoff(conversation, "refunds", "human", "customer is angry", "escalation", null, null, null), default);

        var listed = await _store.ListHandoffsAsync(conversation, default);

        Assert.Equal([first, second, third], listed);
        Assert.Matches("^hof_[0-9a-z]{26}$", first.Id);
        Assert.Equal((0.91, (long?)null), (listed[0].Confidence, listed[0].PromptTokens));
        Assert.Equal(("triage", "refunds", 120L, 8L), (listed[1].FromAgent, listed[1].ToAgent, listed[1].PromptTokens, listed[1].CompletionTokens));
        Assert.Equal(_clock.GetUtcNow(), listed[2].CreatedAt);
    }

    [Fact]
    public async Task RecordToolExecution_ListsOldestFirstWithEveryField()
    {
        var conversation = await CreateConversationAsync();
        var first = await _store.RecordToolExecutionAsync(
            new NewToolExecution(conversation, "msg_1", "call_1", "orders", "get_order", "{\"order_id\":\"ORD-1001\"}", "{\"status\":\"shipped\"}", ToolExecutionStatus.Ok, 12),
            default);
        var second = await _store.RecordToolExecutionAsync(
            new NewToolExecution(conversation, null, "call_2", "orders", "cancel_order", "{}", "{\"error\":\"order_id is required\"}", ToolExecutionStatus.InvalidArguments, 0),
            default);

        var listed = await _store.ListToolExecutionsAsync(conversation, default);

        Assert.Equal([first, second], listed);
        Assert.Matches("^tex_[0-9a-z]{26}$", first.Id);
        Assert.Equal(
            ("msg_1", "call_1", "orders", "get_order", "{\"order_id\":\"ORD-1001\"}", "{\"status\":\"shipped\"}", "ok", 12L),
            (listed[0].MessageId, listed[0].CallId, listed[0].Agent, listed[0].Tool, listed[0].Arguments, listed[0].Result, listed[0].Status, listed[0].DurationMs));
        Assert.Null(listed[1].MessageId);
    }

    [Fact]
    public async Task Records_OfOneConversation_AreNotListedForAnother()
    {
        var one = await CreateConversationAsync();
        var other = await CreateConversationAsync();
        await _store.RecordHandoffAsync(new NewHandoff(one, null, "triage", "r", "classifier", 0.5, null, null), default);
        await _store.RecordToolExecutionAsync(new NewToolExecution(one, null, "c", "a", "t", "{}", "{}", ToolExecutionStatus.Ok, 1), default);

        Assert.Empty(await _store.ListHandoffsAsync(other, default));
        Assert.Empty(await _store.ListToolExecutionsAsync(other, default));
    }

    [Fact]
    public async Task Record_UnknownConversation_ThrowsKeyNotFound()
    {
        await Assert.ThrowsAsync<KeyNotFoundException>(() =>
            _store.RecordHandoffAsync(new NewHandoff("conv_nope", null, "triage", "r", "classifier", null, null, null), default));
        await Assert.ThrowsAsync<KeyNotFoundException>(() =>
            _store.RecordToolExecutionAsync(new NewToolExecution("conv_nope", null, "c", "a", "t", "{}", "{}", ToolExecutionStatus.Ok, 1), default));
    }

    [Fact]
    public async Task DeleteConversation_DeletesItsStateHandoffsAndToolExecutions()
    {
        var conversation = await CreateConversationAsync();
        await _store.SaveAsync(conversation, "triage", AgentSessionStatus.Active, 1, default);
        await _store.RecordHandoffAsync(new NewHandoff(conversation, null, "triage", "r", "classifier", 0.5, null, null), default);
        await _store.RecordToolExecutionAsync(new NewToolExecution(conversation, null, "c", "a", "t", "{}", "{}", ToolExecutionStatus.Ok, 1), default);

        Assert.True(await _conversations.DeleteAsync(conversation, default));

        Assert.Null(await _store.GetAsync(conversation, default));
        Assert.Empty(await _store.ListHandoffsAsync(conversation, default));
        Assert.Empty(await _store.ListToolExecutionsAsync(conversation, default));
    }

    private async Task<string> CreateConversationAsync() =>
        (await _conversations.CreateAsync(new NewConversation(null, null, null, new Dictionary<string, string>()), default)).Id;
}
