using Switchboard.Storage.Sqlite;

namespace Switchboard.Storage.Sqlite.Tests;

public sealed class SqliteAgentDefinitionStoreTests : IAsyncLifetime
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), "switchboard-tests", Guid.NewGuid().ToString("N"), "defs.db");
    private SqliteAgentDefinitionStore _store = null!;

    public async Task InitializeAsync()
    {
        var database = new SqliteDatabase(new SqliteStorageOptions { DatabasePath = _path }, TimeProvider.System);
        await database.InitializeAsync(CancellationToken.None);
        _store = new SqliteAgentDefinitionStore(database, TimeProvider.System);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Save_CreatesThenReplaces_AndDeleteRemoves()
    {
        Assert.True(await _store.SaveAsync("billing", "name: billing\nmodel: a:b\n", CancellationToken.None));
        Assert.False(await _store.SaveAsync("billing", "name: billing\nmodel: a:c\n", CancellationToken.None));
        Assert.True(await _store.SaveAsync("alpha", "{\"name\":\"alpha\",\"model\":\"a:b\"}", CancellationToken.None));

        var all = await _store.ListAsync(CancellationToken.None);
        Assert.Equal(["alpha", "billing"], all.Select(d => d.Name));
        Assert.Equal("name: billing\nmodel: a:c\n", all[1].Definition);
        Assert.True(all[1].UpdatedAt >= all[1].CreatedAt);

        Assert.True(await _store.DeleteAsync("billing", CancellationToken.None));
        Assert.False(await _store.DeleteAsync("billing", CancellationToken.None));
        Assert.Equal(["alpha"], (await _store.ListAsync(CancellationToken.None)).Select(d => d.Name));
    }
}
