using Switchboard.Abstractions.Access;
using Switchboard.Abstractions.Ids;

namespace Switchboard.Server.Access;

/// <summary>
/// Makes sure an admin can get in: a configured bootstrap key (<c>Switchboard:Auth:BootstrapKey</c> or
/// <c>SWITCHBOARD_BOOTSTRAP_KEY</c>) is stored; on a first start with no keys at all, or on a start with
/// <c>RecoverRootAdmin</c> set when no active root-admin key is left, one is generated and printed once on standard
/// output. Registered after the storage initializer, which creates the tables.
/// </summary>
internal sealed partial class BootstrapKeyInitializer : IHostedService
{
    private readonly AccessOptions _options;
    private readonly ApiKeyService _keys;
    private readonly IApiKeyStore _store;
    private readonly IAuditLog _audit;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<BootstrapKeyInitializer> _logger;
    private readonly TextWriter _console;

    public BootstrapKeyInitializer(AccessOptions options, ApiKeyService keys, IApiKeyStore store, IAuditLog audit, TimeProvider timeProvider, ILogger<BootstrapKeyInitializer> logger)
        : this(options, keys, store, audit, timeProvider, logger, Console.Out)
    {
    }

    internal BootstrapKeyInitializer(AccessOptions options, ApiKeyService keys, IApiKeyStore store, IAuditLog audit, TimeProvider timeProvider, ILogger<BootstrapKeyInitializer> logger, TextWriter console)
    {
        _options = options;
        _keys = keys;
        _store = store;
        _audit = audit;
        _timeProvider = timeProvider;
        _logger = logger;
        _console = console;
    }

    /// <summary>The bootstrap key configured in options or the environment, if any.</summary>
    public static string? ConfiguredKey(AccessOptions options) =>
        string.IsNullOrEmpty(options.BootstrapKey) ? Environment.GetEnvironmentVariable(AccessOptions.BootstrapKeyVariable) is { Length: > 0 } fromEnvironment ? fromEnvironment : null : options.BootstrapKey;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!_options.Enabled)
        {
            LogAuthenticationOff();
            return;
        }

        var configured = ConfiguredKey(_options);
        if (configured is not null)
        {
            await EnsureConfiguredAsync(configured, cancellationToken).ConfigureAwait(false);
        }

        // Without a working root-admin key nobody can manage keys again. A first start (no keys at all) creates one.
        // Later, when every root-admin key was revoked, expired or demoted (a revoked configured key stays revoked),
        // only a start the operator asks for does: keys that lapse on purpose must not come back as a permanent token
        // in the output of an automatic restart.
        if (await HasActiveRootAdminAsync(cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        var first = await _store.CountAsync(cancellationToken).ConfigureAwait(false) == 0;
        if (!first && !_options.RecoverRootAdmin)
        {
            LogNoRootAdmin();
            return;
        }

        var (key, token) = await _keys.CreateAsync(Draft("bootstrap admin"), null, cancellationToken).ConfigureAwait(false);

        // Printed, not logged: logs never hold secrets, and this is the only time anyone can see it. Printed as soon as
        // the key is stored, before anything else can fail or be cancelled: a stored key whose token nobody saw would
        // lock everyone out, since the next start finds a key and creates none.
        var why = first ? string.Empty : " because no active root admin key was left";
        await _console.WriteLineAsync($"Switchboard created the bootstrap admin key{why}. It is shown this once; store it now:{Environment.NewLine}  {token}").ConfigureAwait(false);
        await _console.FlushAsync(CancellationToken.None).ConfigureAwait(false);
        LogGenerated(key.Id);
        await AuditAsync("key.bootstrap", key.Id, cancellationToken).ConfigureAwait(false);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task EnsureConfiguredAsync(string token, CancellationToken cancellationToken)
    {
        var stored = await _store.FindAsync(ApiKeyTokens.BootstrapKeyId, cancellationToken).ConfigureAwait(false);
        if (stored is null)
        {
            try
            {
                // Stored with its audit record, in one transaction: no token is printed, so neither has to go first.
                await _keys.CreateAsync(Draft("bootstrap (configured)"), null, cancellationToken, ApiKeyTokens.BootstrapKeyId, token, _ => Record("key.bootstrap", ApiKeyTokens.BootstrapKeyId)).ConfigureAwait(false);
                return;
            }
            catch (InvalidOperationException)
            {
                // Another server on the same database created it at the same moment: go on as if it had been there.
                stored = await _store.FindAsync(ApiKeyTokens.BootstrapKeyId, cancellationToken).ConfigureAwait(false);
                if (stored is null)
                {
                    throw;
                }
            }
        }

        if (!ApiKeyTokens.Verify(token, stored.Secret))
        {
            if (!await _keys.SetBootstrapSecretAsync(token, cancellationToken, _ => Record("key.rotate", ApiKeyTokens.BootstrapKeyId)).ConfigureAwait(false))
            {
                LogBootstrapRevoked();
            }
        }
    }

    private async Task<bool> HasActiveRootAdminAsync(CancellationToken cancellationToken)
    {
        var now = _timeProvider.GetUtcNow();
        string? cursor = null;
        do
        {
            var page = await _store.ListAsync(_options.RootTenant, includeRevoked: false, 500, cursor, cancellationToken).ConfigureAwait(false);
            if (page.Items.Any(k => _keys.IsRootAdmin(k.TenantId, k.Roles) && !k.IsExpiredAt(now)))
            {
                return true;
            }

            cursor = page.NextCursor;
        }
        while (cursor is not null);

        return false;
    }

    private KeyDraft Draft(string name) =>
        new(name, _options.RootTenant, null, null, [Roles.Admin], new ApiKeySettings(), new Dictionary<string, string>(), null);

    private Task AuditAsync(string action, string keyId, CancellationToken cancellationToken) =>
        _audit.AppendAsync(Record(action, keyId), cancellationToken);

    private AuditRecord Record(string action, string keyId) =>
        new(SortableId.New("aud", _timeProvider), _options.RootTenant, "system", action, keyId, "ok", null, null, null, null, _timeProvider.GetUtcNow());

    [LoggerMessage(EventId = 3000, Level = LogLevel.Warning, Message = "Authentication is off (Switchboard:Auth:Enabled=false): every caller is an admin. Use this on a laptop only.")]
    private partial void LogAuthenticationOff();

    [LoggerMessage(EventId = 3001, Level = LogLevel.Warning, Message = "Created the bootstrap admin key {KeyId}; its token was printed on standard output once")]
    private partial void LogGenerated(string keyId);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Warning, Message = "No active root admin key is left (revoked, expired or given other roles); start once with Switchboard:Auth:RecoverRootAdmin=true to print a new one")]
    private partial void LogNoRootAdmin();

    [LoggerMessage(EventId = 3002, Level = LogLevel.Warning, Message = "The configured bootstrap key was revoked; it stays revoked")]
    private partial void LogBootstrapRevoked();
}
