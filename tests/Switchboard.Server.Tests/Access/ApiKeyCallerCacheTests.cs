using Switchboard.Abstractions.Access;
using Switchboard.Server.Access;
using Switchboard.Storage.Sqlite;

namespace Switchboard.Server.Tests.Access;

/// <summary>A cached key keeps the caller made from it; a change to the key makes a new one at once on this node.</summary>
public sealed class ApiKeyCallerCacheTests : IAsyncLifetime
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), "switchboard-tests", Guid.NewGuid().ToString("N"), "keys.db");
    private SqliteDatabase _database = null!;
    private ApiKeyService _keys = null!;

    public async Task InitializeAsync()
    {
        _database = new SqliteDatabase(new SqliteStorageOptions { DatabasePath = _path }, TimeProvider.System);
        await _database.InitializeAsync(CancellationToken.None);
        _keys = new ApiKeyService(new SqliteApiKeyStore(_database), TimeProvider.System, new AccessOptions());
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task AuthenticateAsync_CachedKey_ReturnsTheSameCallerEachTime()
    {
        var (_, token) = await CreateAsync("ada");

        var first = (await _keys.AuthenticateAsync(token, CancellationToken.None)).Caller;
        var second = (await _keys.AuthenticateAsync(token, CancellationToken.None)).Caller;

        Assert.NotNull(first);
        Assert.Same(first, second);
        Assert.Equal("ada", first.UserId);
        Assert.True(first.Has(Permission.Chat));
    }

    [Fact]
    public async Task AuthenticateAsync_AfterTheRightSecret_AWrongOneForTheSameKeyIsStillRefused()
    {
        var (_, token) = await CreateAsync("ada");
        Assert.NotNull((await _keys.AuthenticateAsync(token, CancellationToken.None)).Caller);

        // Same key id and length, last character changed; then a shorter and a longer secret.
        var last = token[^1] == 'A' ? 'B' : 'A';
        foreach (var wrong in new[] { token[..^1] + last, token[..^1], token + "A" })
        {
            var (caller, failure, _) = await _keys.AuthenticateAsync(wrong, CancellationToken.None);
            Assert.Null(caller);
            Assert.NotEqual(string.Empty, failure);
        }

        Assert.NotNull((await _keys.AuthenticateAsync(token, CancellationToken.None)).Caller);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)] // creation at .0005 ms past a millisecond, the change 0.1 ms later: both in one stored millisecond
    public async Task UpdateAsync_TwoChangesFromOneRead_OnlyTheFirstApplies_AndARevokedKeyStaysAsItWas(bool withinOneMillisecond)
    {
        var clock = new Infrastructure.ManualTimeProvider(new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero).AddTicks(5_000));
        if (withinOneMillisecond)
        {
            _keys = new ApiKeyService(new SqliteApiKeyStore(_database), clock, new AccessOptions());
        }

        var (key, _) = await CreateAsync("ada");
        clock.Advance(TimeSpan.FromTicks(1_000));

        Assert.True(await _keys.UpdateAsync(key with { Roles = [Roles.Operator] }, CancellationToken.None));
        Assert.False(await _keys.UpdateAsync(key with { Name = "renamed" }, CancellationToken.None)); // would put the old roles back

        var stored = (await _keys.GetAsync(key.Id, CancellationToken.None))!;
        Assert.Equal([Roles.Operator], stored.Roles);
        Assert.Equal(key.Name, stored.Name);
        Assert.True(await _keys.RevokeAsync(key.Id, CancellationToken.None));
        Assert.False(await _keys.UpdateAsync(stored with { Name = "after the revocation" }, CancellationToken.None));
        Assert.Equal(key.Name, (await _keys.GetAsync(key.Id, CancellationToken.None))!.Name);
    }

    [Fact]
    public async Task AuthenticateAsync_KeyUpdated_MakesTheCallerFromTheNewKey()
    {
        var (key, token) = await CreateAsync("ada");
        var before = (await _keys.AuthenticateAsync(token, CancellationToken.None)).Caller;

        await _keys.UpdateAsync(key with { UserId = "grace", Roles = [Roles.Operator] }, CancellationToken.None);
        var after = (await _keys.AuthenticateAsync(token, CancellationToken.None)).Caller;

        Assert.Equal("ada", before!.UserId);
        Assert.Equal("grace", after!.UserId);
        Assert.False(after.Has(Permission.Chat));
    }

    [Fact]
    public async Task AuthenticateAsync_CachedKeyRevoked_RefusesAtOnce()
    {
        var (key, token) = await CreateAsync("ada");
        Assert.NotNull((await _keys.AuthenticateAsync(token, CancellationToken.None)).Caller);

        await _keys.RevokeAsync(key.Id, CancellationToken.None);
        var (caller, failure, _) = await _keys.AuthenticateAsync(token, CancellationToken.None);

        Assert.Null(caller);
        Assert.Equal("revoked key", failure);
    }

    [Fact]
    public async Task AuthenticateAsync_RevokedWhileALookupReadTheActiveKey_RefusesTheNextRequest()
    {
        var store = new PausingKeyStore(new SqliteApiKeyStore(_database));
        _keys = new ApiKeyService(store, TimeProvider.System, new AccessOptions());
        var (key, token) = await CreateAsync("ada");

        // A request reads the key while it is active, and is held there while the key is revoked.
        store.PauseNextFind();
        var inFlight = _keys.AuthenticateAsync(token, CancellationToken.None).AsTask();
        await store.FindPaused.WaitAsync(TimeSpan.FromSeconds(30));
        await _keys.RevokeAsync(key.Id, CancellationToken.None);
        store.Resume();
        await inFlight.WaitAsync(TimeSpan.FromSeconds(30));

        var (caller, failure, _) = await _keys.AuthenticateAsync(token, CancellationToken.None);

        Assert.Null(caller);
        Assert.Equal("revoked key", failure);
    }

    private Task<(ApiKey Key, string Token)> CreateAsync(string user) =>
        _keys.CreateAsync(new KeyDraft("test", "acme", null, user, [Roles.User], new ApiKeySettings(), new Dictionary<string, string>(), null), null, CancellationToken.None);

    /// <summary>A key store whose next lookup, once armed, reads the key and then waits before returning it.</summary>
    private sealed class PausingKeyStore(IApiKeyStore inner) : DelegatingApiKeyStore(inner)
    {
        private readonly TaskCompletionSource _paused = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _resume = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _armed;

        public Task FindPaused => _paused.Task;

        public void PauseNextFind() => Volatile.Write(ref _armed, 1);

        public void Resume() => _resume.TrySetResult();

        public override async Task<StoredApiKey?> FindAsync(string id, CancellationToken cancellationToken)
        {
            var found = await base.FindAsync(id, cancellationToken);
            if (Interlocked.Exchange(ref _armed, 0) == 1)
            {
                _paused.TrySetResult();
                await _resume.Task;
            }

            return found;
        }
    }
}
