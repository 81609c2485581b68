using Microsoft.Extensions.Logging.Abstractions;
using Switchboard.Abstractions.Access;
using Switchboard.Server.Access;
using Switchboard.Storage.Sqlite;

namespace Switchboard.Server.Tests.Access;

public sealed class BootstrapKeyTests : IAsyncLifetime
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), "switchboard-tests", Guid.NewGuid().ToString("N"), "bootstrap.db");
    private SqliteDatabase _database = null!;

    public async Task InitializeAsync()
    {
        _database = new SqliteDatabase(new SqliteStorageOptions { DatabasePath = _path }, TimeProvider.System);
        await _database.InitializeAsync(CancellationToken.None);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Theory]
    [InlineData(31, "must be at least 32 characters")]
    [InlineData(513, "must be at most 512 characters")]
    public void Validate_ABootstrapKeyFromTheEnvironmentThatCouldNeverBeUsed_IsRefused(int length, string expected)
    {
        // A token over 512 characters is refused at every request: stored as the bootstrap key, it locked the admin out.
        var key = new string('k', length);

        var errors = new AccessOptions().Validate(name => name == AccessOptions.BootstrapKeyVariable ? key : null).ToList();

        Assert.Contains($"{AccessOptions.BootstrapKeyVariable}: {expected}.", errors);
        Assert.Empty(new AccessOptions().Validate(name => name == AccessOptions.BootstrapKeyVariable ? new string('k', 64) : null));
    }

    [Theory]
    [InlineData("with a space in the middle of the admin key", "use visible ASCII characters only")]
    [InlineData("admin-key-0123456789abcdef0123456789-trailing\n", "use visible ASCII characters only")]
    [InlineData("clé-d-administration-0123456789abcdef0123", "use visible ASCII characters only")]
    [InlineData("sbk_01k0000000000000000000000_0123456789abcdef", "must not start with 'sbk_'")]
    public void Validate_ABootstrapKeyNoRequestCouldCarry_IsRefusedNamingTheField(string key, string expected)
    {
        // A request's key is trimmed from a header, and sbk_ keys are looked up by their embedded id: stored as the
        // bootstrap key, any of these would lock the admin out.
        var configured = new AccessOptions { BootstrapKey = key }.Validate(_ => null).ToList();
        var fromEnvironment = new AccessOptions().Validate(name => name == AccessOptions.BootstrapKeyVariable ? key : null).ToList();

        Assert.Contains(configured, e => e.StartsWith("Switchboard:Auth:BootstrapKey: " + expected, StringComparison.Ordinal));
        Assert.Contains(fromEnvironment, e => e.StartsWith(AccessOptions.BootstrapKeyVariable + ": " + expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_ABootstrapKeyShapedLikeAJwtWhileJwtIsOn_IsRefused()
    {
        const string dotted = "admin.key-0123456789abcdef.0123456789abcdef";
        var jwt = new JwtOptions { Issuer = "https://issuer.example", Audience = "switchboard", SigningKey = new string('s', 48) };

        var errors = new AccessOptions { BootstrapKey = dotted, Jwt = jwt }.Validate(_ => null).ToList();

        Assert.Contains(errors, e => e.StartsWith("Switchboard:Auth:BootstrapKey: must not contain exactly two '.'", StringComparison.Ordinal));
        Assert.DoesNotContain(new AccessOptions { BootstrapKey = dotted }.Validate(_ => null), e => e.Contains("'.'", StringComparison.Ordinal));
    }

    [Fact]
    public async Task FirstStart_WhoseAuditWriteFails_HasStillPrintedTheStoredKey()
    {
        // The key is stored before the audit write; had the start failed before printing, the next start would find a
        // key, create none, and nobody would ever hold an admin token.
        var options = new AccessOptions();
        var store = new SqliteApiKeyStore(_database);
        var keys = new ApiKeyService(store, TimeProvider.System, options);
        using var console = new StringWriter();
        var initializer = new BootstrapKeyInitializer(options, keys, store, new FailingAuditLog(), TimeProvider.System, NullLogger<BootstrapKeyInitializer>.Instance, console);

        await Assert.ThrowsAsync<IOException>(() => initializer.StartAsync(CancellationToken.None));

        var token = Assert.Single(
            console.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            l => l.StartsWith(ApiKeyTokens.TokenPrefix, StringComparison.Ordinal));
        var (caller, failure, _) = await keys.AuthenticateAsync(token, CancellationToken.None);
        Assert.True(caller is not null, failure);
    }

    [Fact]
    public async Task FirstStart_WithNoKeys_PrintsAWorkingAdminKeyOnce()
    {
        var options = new AccessOptions();
        var store = new SqliteApiKeyStore(_database);
        var audit = new SqliteAuditLog(_database);
        var keys = new ApiKeyService(store, TimeProvider.System, options);
        using var console = new StringWriter();
        var initializer = new BootstrapKeyInitializer(options, keys, store, audit, TimeProvider.System, NullLogger<BootstrapKeyInitializer>.Instance, console);

        await initializer.StartAsync(CancellationToken.None);
        await initializer.StartAsync(CancellationToken.None); // a restart prints nothing new

        var lines = console.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var token = Assert.Single(lines, l => l.StartsWith(ApiKeyTokens.TokenPrefix, StringComparison.Ordinal));
        var (caller, failure, _) = await keys.AuthenticateAsync(token, CancellationToken.None);
        Assert.True(caller is not null, failure);
        Assert.True(caller.IsRootAdmin);
        Assert.Equal(1, await store.CountAsync(CancellationToken.None));
        var records = await audit.QueryAsync(new Abstractions.Access.AuditQuery(null, "key.bootstrap", null, null, null, 10, null), CancellationToken.None);
        Assert.Single(records);
    }

    [Fact]
    public async Task Restart_WithEveryRootAdminKeyRevoked_PrintsANewWorkingKey_WhenTheOperatorAsks()
    {
        const string configured = "configured-bootstrap-key-0123456789abcdef";
        var options = new AccessOptions { BootstrapKey = configured, KeyCacheSeconds = 0 };
        var store = new SqliteApiKeyStore(_database);
        var keys = new ApiKeyService(store, TimeProvider.System, options);
        var audit = new SqliteAuditLog(_database);
        BootstrapKeyInitializer Start(TextWriter console, bool recover = true) =>
            new(new AccessOptions { BootstrapKey = configured, RecoverRootAdmin = recover }, keys, store, audit, TimeProvider.System, NullLogger<BootstrapKeyInitializer>.Instance, console);

        await Start(TextWriter.Null).StartAsync(CancellationToken.None);
        var (other, _) = await keys.CreateAsync(new KeyDraft("second admin", options.RootTenant, null, null, [Roles.Admin], new ApiKeySettings(), new Dictionary<string, string>(), null), null, CancellationToken.None);
        await keys.CreateAsync(new KeyDraft("tenant admin", "acme", null, null, [Roles.Admin], new ApiKeySettings(), new Dictionary<string, string>(), null), null, CancellationToken.None);
        Assert.True(await keys.RevokeAsync(ApiKeyTokens.BootstrapKeyId, CancellationToken.None));

        // Another root admin is left: nothing is printed.
        using (var console = new StringWriter())
        {
            await Start(console).StartAsync(CancellationToken.None);
            Assert.Empty(console.ToString());
        }

        Assert.True(await keys.RevokeAsync(other.Id, CancellationToken.None));

        // Without the operator asking, a start only warns: keys that lapse on purpose do not come back on a restart.
        using (var console = new StringWriter())
        {
            await Start(console, recover: false).StartAsync(CancellationToken.None);
            Assert.Empty(console.ToString());
        }

        using (var console = new StringWriter())
        {
            await Start(console).StartAsync(CancellationToken.None);
            var text = console.ToString();
            Assert.Contains("no active root admin key was left", text, StringComparison.Ordinal);
            var token = Assert.Single(
                text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
                l => l.StartsWith(ApiKeyTokens.TokenPrefix, StringComparison.Ordinal));
            var (caller, failure, _) = await keys.AuthenticateAsync(token, CancellationToken.None);
            Assert.True(caller is { IsRootAdmin: true }, failure);
        }

        Assert.Null((await keys.AuthenticateAsync(configured, CancellationToken.None)).Caller);
    }

    [Fact]
    public async Task ConfiguredKey_TwoServersCreateItAtOnce_TheSecondStartsToo()
    {
        var store = new SqliteApiKeyStore(_database);
        var audit = new SqliteAuditLog(_database);
        const string configured = "shared-bootstrap-key-0123456789abcdef";
        var options = new AccessOptions { BootstrapKey = configured, KeyCacheSeconds = 0 };
        var keys = new ApiKeyService(store, TimeProvider.System, options);
        await new BootstrapKeyInitializer(options, keys, store, audit, TimeProvider.System, NullLogger<BootstrapKeyInitializer>.Instance, TextWriter.Null).StartAsync(CancellationToken.None);

        // The second server looked for the key just before the first one stored it, so its create finds it taken.
        var late = new StaleFirstReadStore(store);
        var second = new BootstrapKeyInitializer(options, new ApiKeyService(late, TimeProvider.System, options), late, audit, TimeProvider.System, NullLogger<BootstrapKeyInitializer>.Instance, TextWriter.Null);
        await second.StartAsync(CancellationToken.None);

        Assert.NotNull((await keys.AuthenticateAsync(configured, CancellationToken.None)).Caller);
        Assert.Equal(1, await store.CountAsync(CancellationToken.None));
    }

    [Fact]
    public async Task ConfiguredKey_IsStored_AndAChangedValueReplacesTheOld()
    {
        var store = new SqliteApiKeyStore(_database);
        var audit = new SqliteAuditLog(_database);
        const string first = "first-bootstrap-key-0123456789abcdef";
        const string second = "second-bootstrap-key-0123456789abcdef";

        var keys = new ApiKeyService(store, TimeProvider.System, new AccessOptions { BootstrapKey = first, KeyCacheSeconds = 0 });
        await new BootstrapKeyInitializer(new AccessOptions { BootstrapKey = first }, keys, store, audit, TimeProvider.System, NullLogger<BootstrapKeyInitializer>.Instance, TextWriter.Null).StartAsync(CancellationToken.None);
        Assert.NotNull((await keys.AuthenticateAsync(first, CancellationToken.None)).Caller);

        await new BootstrapKeyInitializer(new AccessOptions { BootstrapKey = second }, keys, store, audit, TimeProvider.System, NullLogger<BootstrapKeyInitializer>.Instance, TextWriter.Null).StartAsync(CancellationToken.None);
        Assert.Null((await keys.AuthenticateAsync(first, CancellationToken.None)).Caller);
        Assert.NotNull((await keys.AuthenticateAsync(second, CancellationToken.None)).Caller);

        // Both changes are on record, newest first, as the server's own.
        var records = await audit.QueryAsync(new Abstractions.Access.AuditQuery(null, null, null, null, null, 10, null), CancellationToken.None);
        Assert.Equal([("key.rotate", "system"), ("key.bootstrap", "system")], records.Select(r => (r.Action, r.Actor)));
    }

    [Fact]
    public async Task AuditLog_RefusesUpdatesAndDeletes()
    {
        var audit = new SqliteAuditLog(_database);
        await audit.AppendAsync(new Abstractions.Access.AuditRecord("aud_1", "t", "a", "x", null, "ok", null, null, null, null, DateTimeOffset.UtcNow), CancellationToken.None);
        var connection = await _database.OpenAsync(CancellationToken.None);
        await using (connection)
        {
            using var update = connection.CreateCommand();
            update.CommandText = "UPDATE audit_log SET action = 'changed'";
            Assert.Throws<Microsoft.Data.Sqlite.SqliteException>(() => update.ExecuteNonQuery());
            using var delete = connection.CreateCommand();
            delete.CommandText = "DELETE FROM audit_log";
            Assert.Throws<Microsoft.Data.Sqlite.SqliteException>(() => delete.ExecuteNonQuery());
        }
    }

    /// <summary>A key store whose first lookup answers "no such key", as a read taken just before another server's insert.</summary>
    private sealed class FailingAuditLog : Abstractions.Access.IAuditLog
    {
        public Task AppendAsync(Abstractions.Access.AuditRecord record, CancellationToken cancellationToken) => throw new IOException("disk full");

        public Task<IReadOnlyList<Abstractions.Access.AuditRecord>> QueryAsync(Abstractions.Access.AuditQuery query, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<Abstractions.Access.AuditRecord>>([]);
    }

    private sealed class StaleFirstReadStore(IApiKeyStore inner) : DelegatingApiKeyStore(inner)
    {
        private int _reads;

        public override async Task<StoredApiKey?> FindAsync(string id, CancellationToken cancellationToken) =>
            Interlocked.Increment(ref _reads) == 1 ? null : await base.FindAsync(id, cancellationToken);
    }
}
