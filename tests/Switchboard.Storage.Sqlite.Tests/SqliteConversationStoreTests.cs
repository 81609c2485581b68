using Switchboard.Abstractions.Conversations;

namespace Switchboard.Storage.Sqlite.Tests;

public sealed class SqliteConversationStoreTests : IAsyncLifetime
{
    private readonly SqliteTestDatabase _db = new();
    private readonly ManualTimeProvider _clock = new(new DateTimeOffset(2026, 11, 21, 8, 0, 0, TimeSpan.Zero));
    private SqliteConversationStore _store = null!;

    public async Task InitializeAsync()
    {
        var database = _db.Open(_clock);
        await database.InitializeAsync(CancellationToken.None);
        _store = new SqliteConversationStore(database, _clock);
    }

    public Task DisposeAsync()
    {
        _db.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Create_ThenGet_ReturnsTheSameConversation()
    {
        var created = await _store.CreateAsync(new NewConversation("Refund", "openai:gpt-4o-mini", null, new Dictionary<string, string> { ["k"] = "值" }), default);

        var fetched = await _store.GetAsync(created.Id, default);

        Assert.NotNull(fetched);
        Assert.Equal("Refund", fetched.Title);
        Assert.Equal("openai:gpt-4o-mini", fetched.Model);
        Assert.Equal("值", fetched.Metadata["k"]);
        Assert.Equal(_clock.GetUtcNow(), fetched.CreatedAt);
        Assert.Equal(0, fetched.MessageCount);
        Assert.Matches("^conv_[0-9a-z]{26}$", created.Id);
    }

    [Fact]
    public async Task Get_Unknown_ReturnsNull()
    {
        Assert.Null(await _store.GetAsync("conv_nope", default));
    }

    [Fact]
    public async Task List_PagesNewestFirstWithoutGapsOrRepeats()
    {
        var ids = new List<string>();
        for (var i = 0; i < 7; i++)
        {
            ids.Add((await _store.CreateAsync(new NewConversation($"c{i}", null, null, new Dictionary<string, string>()), default)).Id);
            _clock.Advance(TimeSpan.FromSeconds(1));
        }

        var seen = new List<string>();
        string? cursor = null;
        do
        {
            var page = await _store.ListAsync(3, cursor, default);
            Assert.True(page.Items.Count <= 3);
            seen.AddRange(page.Items.Select(c => c.Id));
            cursor = page.NextCursor;
        }
        while (cursor is not null);

        Assert.Equal(Enumerable.Reverse(ids), seen);
    }

    [Fact]
    public async Task Append_AssignsSequencesAndKeepsEveryField()
    {
        var conversation = await _store.CreateAsync(new NewConversation(null, null, null, new Dictionary<string, string>()), default);

        await _store.AppendAsync(conversation.Id, [new NewMessage("user", "Where is order 123?")], default);
        _clock.Advance(TimeSpan.FromSeconds(2));
        var stored = await _store.AppendAsync(
            conversation.Id,
            [
                new NewMessage("assistant", null)
                {
                    ToolCalls = [new ToolCallRecord("call_1", "get_order_status", "{\"order_id\": \"123\"}")],
                    Model = "openai:gpt-4o-mini",
                    Provider = "openai",
                    PromptTokens = 50,
                    CompletionTokens = 12,
                    LatencyMs = 840,
                    FinishReason = "tool_calls",
                },
                new NewMessage("tool", "{\"status\":\"shipped\"}") { ToolCallId = "call_1" },
            ],
            default);

        Assert.Equal([2L, 3L], stored.Select(m => m.Sequence));
        var all = await _store.ListMessagesAsync(conversation.Id, 10, null, default);
        Assert.Equal(3, all.Items.Count);
        var assistant = all.Items[1];
        Assert.Equal("assistant", assistant.Role);
        Assert.Null(assistant.Content);
        var call = Assert.Single(assistant.ToolCalls);
        Assert.Equal(("call_1", "get_order_status", "{\"order_id\": \"123\"}"), (call.Id, call.Name, call.Arguments));
        Assert.Equal(("openai:gpt-4o-mini", "openai", 50L, 12L, 840L, "tool_calls"), (assistant.Model, assistant.Provider, assistant.PromptTokens, assistant.CompletionTokens, assistant.LatencyMs, assistant.FinishReason));
        Assert.Equal(_clock.GetUtcNow(), assistant.CreatedAt);
        Assert.Equal("call_1", all.Items[2].ToolCallId);

        var after = await _store.GetAsync(conversation.Id, default);
        Assert.Equal(3, after!.MessageCount);
        Assert.Equal(_clock.GetUtcNow(), after.UpdatedAt);
    }

    [Fact]
    public async Task Append_Concurrently_NeverDuplicatesOrSkipsSequences()
    {
        var conversation = await _store.CreateAsync(new NewConversation(null, null, null, new Dictionary<string, string>()), default);

        await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Task.Run(() =>
            _store.AppendAsync(conversation.Id, [new NewMessage("user", $"m{i}")], default))));

        var messages = await _store.ListMessagesAsync(conversation.Id, 100, null, default);
        Assert.Equal(Enumerable.Range(1, 40).Select(i => (long)i), messages.Items.Select(m => m.Sequence));
        Assert.Equal(40, messages.Items.Select(m => m.Content).Distinct().Count());
    }

    [Fact]
    public async Task Append_ToUnknownConversation_Throws()
    {
        await Assert.ThrowsAsync<KeyNotFoundException>(() => _store.AppendAsync("conv_nope", [new NewMessage("user", "x")], default));
    }

    [Fact]
    public async Task ListMessages_PagesOldestFirst()
    {
        var conversation = await _store.CreateAsync(new NewConversation(null, null, null, new Dictionary<string, string>()), default);
        await _store.AppendAsync(conversation.Id, Enumerable.Range(1, 5).Select(i => new NewMessage("user", $"m{i}")).ToList(), default);

        var first = await _store.ListMessagesAsync(conversation.Id, 2, null, default);
        var second = await _store.ListMessagesAsync(conversation.Id, 2, first.NextCursor, default);
        var third = await _store.ListMessagesAsync(conversation.Id, 2, second.NextCursor, default);

        Assert.Equal(["m1", "m2"], first.Items.Select(m => m.Content));
        Assert.Equal(["m3", "m4"], second.Items.Select(m => m.Content));
        Assert.Equal(["m5"], third.Items.Select(m => m.Content));
        Assert.Null(third.NextCursor);
    }

    [Fact]
    public async Task GetHistory_ReturnsTheLatestMessagesOldestFirst()
    {
        var conversation = await _store.CreateAsync(new NewConversation(null, null, null, new Dictionary<string, string>()), default);
        await _store.AppendAsync(conversation.Id, Enumerable.Range(1, 6).Select(i => new NewMessage("user", $"m{i}")).ToList(), default);

        var history = await _store.GetHistoryAsync(conversation.Id, 3, default);

        Assert.Equal(["m4", "m5", "m6"], history.Select(m => m.Content));
    }

    [Fact]
    public async Task Delete_RemovesTheConversationAndItsMessages()
    {
        var conversation = await _store.CreateAsync(new NewConversation(null, null, null, new Dictionary<string, string>()), default);
        await _store.AppendAsync(conversation.Id, [new NewMessage("user", "x")], default);

        Assert.True(await _store.DeleteAsync(conversation.Id, default));
        Assert.False(await _store.DeleteAsync(conversation.Id, default));

        Assert.Null(await _store.GetAsync(conversation.Id, default));
        Assert.Empty((await _store.ListMessagesAsync(conversation.Id, 10, null, default)).Items);
    }

    [Fact]
    public async Task Check_HealthyDatabase_ReportsNoProblem()
    {
        Assert.Null(await _store.CheckAsync(default));
    }

    [Theory]
    [InlineData(false)] // the file is gone
    [InlineData(true)] // a directory stands where the file was
    public async Task Check_FileGoneWhilePooledConnectionsRemain_ReportsAProblem(bool replaceWithDirectory)
    {
        // The pool now holds idle connections on the file; they keep working on its old inode after it is deleted.
        await _store.CreateAsync(new NewConversation("t", "m", null, new Dictionary<string, string>()), default);
        var path = _db.Path;
        foreach (var suffix in new[] { string.Empty, "-wal", "-shm" })
        {
            File.Delete(path + suffix);
        }

        if (replaceWithDirectory)
        {
            Directory.CreateDirectory(path);
        }

        Assert.NotNull(await _store.CheckAsync(default));
        Assert.Equal(replaceWithDirectory, Directory.Exists(path));
        Assert.False(File.Exists(path), "the probe must not create the database anew");
    }
}
