using Dapper;
using Switchboard.Abstractions.Agents;
using Switchboard.Abstractions.Conversations;

namespace Switchboard.Storage.Sqlite.Tests;

public sealed class AgentMigrationTests : IDisposable
{
    private static readonly string[] AgentTables =
        ["agent_sessions", "agent_handoffs", "tool_executions", "handoff_queue", "handoff_notes", "orders", "tickets"];

    private readonly SqliteTestDatabase _db = new();
    private readonly ManualTimeProvider _clock = new(new DateTimeOffset(2026, 11, 21, 8, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task Initialize_FreshDatabase_CreatesTheAgentTablesAndTheAuthorColumn()
    {
        var database = _db.Open(_clock);

        var applied = await database.InitializeAsync(CancellationToken.None);

        Assert.Contains(3, applied);
        await using var connection = await database.OpenAsync(CancellationToken.None);
        var tables = (await connection.QueryAsync<string>("SELECT name FROM sqlite_master WHERE type = 'table'")).ToHashSet();
        Assert.All(AgentTables, t => Assert.Contains(t, tables));
        var messageColumns = await connection.QueryAsync<string>("SELECT name FROM pragma_table_info('messages')");
        Assert.Contains("author", messageColumns);
        Assert.Equal("0003_agents", await connection.ExecuteScalarAsync<string>("SELECT name FROM schema_migrations WHERE version = 3"));
    }

    [Fact]
    public async Task Initialize_DatabaseAtVersion2_AppliesOnly3AndKeepsConversations()
    {
        var database = await _db.OpenAtVersionAsync(2, """
            INSERT INTO conversations (id, title, metadata, created_at, updated_at, message_count)
            VALUES ('conv_old', 'Before agents', '{}', 1000, 2000, 2);
            INSERT INTO messages (id, conversation_id, seq, role, content, created_at)
            VALUES ('msg_1', 'conv_old', 1, 'user', 'Where is my order?', 1000),
                   ('msg_2', 'conv_old', 2, 'assistant', 'It shipped yesterday.', 2000);
            """, _clock);

        var applied = await database.InitializeAsync(CancellationToken.None);

        Assert.Equal([3], applied.Where(v => v <= 3));
        var store = new SqliteConversationStore(database, _clock);
        var conversation = await store.GetAsync("conv_old", default);
        Assert.NotNull(conversation);
        Assert.Equal(("Before agents", 2), (conversation.Title, conversation.MessageCount));
        var messages = (await store.ListMessagesAsync("conv_old", 10, null, default)).Items;
        Assert.Equal(["Where is my order?", "It shipped yesterday."], messages.Select(m => m.Content));
        Assert.All(messages, m => Assert.Null(m.Author));
    }

    [Fact]
    public async Task Append_Author_RoundTrips()
    {
        var database = _db.Open(_clock);
        await database.InitializeAsync(CancellationToken.None);
        var store = new SqliteConversationStore(database, _clock);
        var conversation = await store.CreateAsync(new NewConversation(null, null, null, new Dictionary<string, string>()), default);

        var stored = await store.AppendAsync(
            conversation.Id,
            [
                new NewMessage("user", "I want a refund"),
                new NewMessage("assistant", "Let me check.") { Author = "refunds" },
                new NewMessage("assistant", "I have approved it.") { Author = "operator:dana" },
            ],
            default);

        Assert.Equal(new string?[] { null, "refunds", "operator:dana" }, stored.Select(m => m.Author));
        var read = (await store.ListMessagesAsync(conversation.Id, 10, null, default)).Items;
        Assert.Equal(new string?[] { null, "refunds", "operator:dana" }, read.Select(m => m.Author));
        var history = await store.GetHistoryAsync(conversation.Id, 1, default);
        Assert.Equal("operator:dana", Assert.Single(history).Author);
    }

    [Fact]
    public async Task Initialize_DatabaseAtVersion6_AddsTheCachedColumnAndKeepsOldExecutionsAsRun()
    {
        var database = await _db.OpenAtVersionAsync(6, """
            INSERT INTO conversations (id, title, metadata, created_at, updated_at, message_count)
            VALUES ('conv_old', 'Before the tool cache', '{}', 1000, 2000, 0);
            INSERT INTO tool_executions (id, conversation_id, message_id, call_id, agent, tool, arguments, result, status, duration_ms, created_at)
            VALUES ('tex_old', 'conv_old', NULL, 'c1', 'helper', 'kb_search', '{}', '{}', 'ok', 7, 1500);
            """, _clock);

        var applied = await database.InitializeAsync(CancellationToken.None);

        Assert.Equal([7], applied.Where(v => v <= 7));
        var store = new SqliteAgentSessionStore(database, _clock);
        var old = Assert.Single(await store.ListToolExecutionsAsync("conv_old", default));
        Assert.Equal(("tex_old", ToolExecutionStatus.Ok, false), (old.Id, old.Status, old.Cached));
        var cached = await store.RecordToolExecutionAsync(
            new NewToolExecution("conv_old", null, "c2", "helper", "kb_search", "{}", "{}", ToolExecutionStatus.Ok, 0) { Cached = true }, default);
        Assert.Equal([false, true], (await store.ListToolExecutionsAsync("conv_old", default)).Select(e => e.Cached));
        Assert.True(cached.Cached);
    }

    public void Dispose() => _db.Dispose();
}
