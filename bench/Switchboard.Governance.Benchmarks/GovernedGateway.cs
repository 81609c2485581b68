using Microsoft.Data.Sqlite;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging.Abstractions;
using Switchboard.Abstractions.Access;
using Switchboard.Abstractions.Chat;
using Switchboard.Abstractions.Governance;
using Switchboard.Gateway.Catalog;
using Switchboard.Gateway.Governance;
using Switchboard.Gateway.RateLimits;
using Switchboard.Server.Access;
using Switchboard.Storage.Sqlite;

namespace Switchboard.Governance.Benchmarks;

/// <summary>
/// The governance of one node on the embedded stores: API keys and the cost ledger in a real SQLite file (WAL), budget
/// and rate-limit counters in process. Every limit is configured, and set far above what a run can reach, so that
/// every check runs and none refuses.
/// </summary>
internal sealed class GovernedGateway : IAsyncDisposable
{
    public const string Model = "gpt-4o-mini";
    public const string TenantId = "acme";

    private readonly string _directory;
    private readonly string _token;

    private GovernedGateway(string directory, string token)
    {
        _directory = directory;
        _token = token;
    }

    public required ApiKeyService Keys { get; init; }

    public required RateLimiter Limiter { get; init; }

    /// <summary>Gets the background writer of the ledger, started.</summary>
    public required LedgerWriter Ledger { get; init; }

    public required SqliteLedgerStore LedgerStore { get; init; }

    /// <summary>Gets the no-op client the stages wrap.</summary>
    public required IChatClient Inner { get; init; }

    /// <summary>Gets metering → budgets → rate limits → the no-op client, in the server's order.</summary>
    public required IChatClient Governed { get; init; }

    /// <summary>Gets the model rate-limit stage alone.</summary>
    public required IChatClient RateLimitStage { get; init; }

    /// <summary>Gets the budget stage alone.</summary>
    public required IChatClient BudgetStage { get; init; }

    /// <summary>Gets the metering stage alone, its entries dropped.</summary>
    public required IChatClient MeteringStage { get; init; }

    /// <summary>Gets the metering stage alone, its entries written to the ledger.</summary>
    public required IChatClient MeteringToLedgerStage { get; init; }

    /// <summary>Gets the benchmark key's caller, as authentication makes it.</summary>
    public CallerPrincipal Caller { get; private set; } = null!;

    /// <summary>Gets the benchmark key's call context.</summary>
    public ModelCallContext Context { get; private set; } = null!;

    /// <summary>Gets a short support exchange: a system prompt and a question.</summary>
    public IReadOnlyList<ChatMessage> Messages { get; } =
    [
        new(ChatRole.System, "You are the support assistant of Acme Telecom. Answer briefly and politely; never invent tariffs."),
        new(ChatRole.User, "Hi, I was charged twice for my March invoice (number 2026-03-18842). Can you check and refund the duplicate payment?"),
    ];

    /// <summary>Gets the request's options: the model only, as most clients send (no max_tokens, so budgets set one).</summary>
    public ChatOptions Options { get; } = new() { ModelId = Model };

    public static async Task<GovernedGateway> CreateAsync()
    {
        var clock = TimeProvider.System;
        var directory = Path.Combine(Path.GetTempPath(), "switchboard-governance-bench", Guid.NewGuid().ToString("N"));
        var database = new SqliteDatabase(new SqliteStorageOptions { DatabasePath = Path.Combine(directory, "switchboard.db") }, clock);
        await database.InitializeAsync(CancellationToken.None);

        // A key of its own user with a monthly key budget, as an admin would create it.
        var keys = new ApiKeyService(new SqliteApiKeyStore(database), clock, new AccessOptions());
        var settings = new ApiKeySettings { Budgets = [new BudgetLimit(BudgetScope.Key, BudgetPeriod.Month, BudgetOptions.MaxLimitUsd)] };
        var draft = new KeyDraft("benchmark", TenantId, null, "ada", [Roles.User], settings, new Dictionary<string, string>(), null);
        var (_, token) = await keys.CreateAsync(draft, null, CancellationToken.None);

        var catalogOptions = new ModelCatalogOptions();
        var provider = new ProviderOptions { Kind = "openai", BaseUrl = "https://api.openai.com/v1" };
        provider.Models.Add(new ModelOptions { Id = Model, InputPricePerMillion = 0.15m, OutputPricePerMillion = 0.60m });
        catalogOptions.Providers["openai"] = provider;
        var catalog = ModelCatalogBuilder.Build(catalogOptions, ["openai"], _ => null);

        // Requests and tokens per minute per key, per tenant and per model, at the highest limits there are (see oneToken below).
        var unlimited = new RateLimit { RequestsPerMinute = int.MaxValue, TokensPerMinute = int.MaxValue };
        var rateLimits = new RateLimitOptions { Key = unlimited };
        rateLimits.Tenants[RateLimitOptions.Everyone] = unlimited;
        rateLimits.Models[Model] = unlimited;
        var counters = new InProcessCounterStore(clock);
        var limiter = new RateLimiter(rateLimits, counters, clock);

        // A daily budget for every tenant, on top of the key's monthly one: each call reserves on two counters.
        var budgets = new BudgetOptions();
        budgets.Tenants[BudgetOptions.Everyone] = [new BudgetLimitOptions { Period = BudgetPeriod.Day, LimitUsd = BudgetOptions.MaxLimitUsd }];

        var ledgerStore = new SqliteLedgerStore(database);
        var ledger = new LedgerWriter(ledgerStore, clock, NullLogger<LedgerWriter>.Instance);
        ledger.Start();

        var answer = new ChatResponse(new ChatMessage(ChatRole.Assistant, "I can see both payments. The duplicate is refunded; expect it within 5 days."))
        {
            ModelId = Model,
            Usage = new UsageDetails { InputTokenCount = 42, OutputTokenCount = 128, TotalTokenCount = 170 },
        };
        var inner = new NoOpChatClient(answer);

        // The rate-limit stage alone runs about a million calls a second on one core: at 170 tokens each its window
        // would pass int.MaxValue tokens, the highest limit there is, within the minute. One token each counts the same way.
        var oneToken = new ChatResponse(answer.Messages) { ModelId = Model, Usage = new UsageDetails { InputTokenCount = 1, OutputTokenCount = 0, TotalTokenCount = 1 } };
        BudgetChatClient Budgeted(IChatClient client) =>
            new(client, budgets, counters, catalog, clock, NullLogger<BudgetChatClient>.Instance);
        MeteringChatClient Metered(IChatClient client, ILedgerSink sink) =>
            new(client, sink, catalog, clock, NullLogger<MeteringChatClient>.Instance);

        var gateway = new GovernedGateway(directory, token)
        {
            Keys = keys,
            Limiter = limiter,
            Ledger = ledger,
            LedgerStore = ledgerStore,
            Inner = inner,
            Governed = Metered(Budgeted(new RateLimitChatClient(inner, limiter)), ledger),
            RateLimitStage = new RateLimitChatClient(new NoOpChatClient(oneToken), limiter),
            BudgetStage = Budgeted(inner),
            MeteringStage = Metered(inner, new DiscardingLedgerSink()),
            MeteringToLedgerStage = Metered(inner, ledger),
        };
        gateway.Caller = await gateway.AuthenticateAsync();
        gateway.Context = gateway.Caller.ToCallContext();
        await gateway.CheckAsync();
        return gateway;
    }

    /// <summary>Authenticates the benchmark key as <see cref="AccessMiddleware"/> does.</summary>
    public async Task<CallerPrincipal> AuthenticateAsync()
    {
        var (caller, failure, _) = await Keys.AuthenticateAsync(_token, CancellationToken.None);
        return caller ?? throw new InvalidOperationException($"The benchmark key was refused: {failure}.");
    }

    /// <summary>Admits a request of <paramref name="caller"/> as <c>RateLimitMiddleware</c> does.</summary>
    public ValueTask<RateLimitStatus> AdmitAsync(CallerPrincipal caller)
    {
        var keyLimit = caller.Settings.RequestsPerMinute is null && caller.Settings.TokensPerMinute is null
            ? null
            : new RateLimit { RequestsPerMinute = caller.Settings.RequestsPerMinute, TokensPerMinute = caller.Settings.TokensPerMinute };
        return Limiter.AdmitRequestAsync(new RateLimitSubject(caller.TenantId, caller.KeyId, caller.UserId, keyLimit), CancellationToken.None);
    }

    /// <summary>
    /// What one model-calling request does in the server: authentication and the caller's context (access middleware),
    /// the request rate limits (rate-limit middleware), then the call through metering, budgets and the model rate
    /// limits. The ledger entry is queued for the background writer.
    /// </summary>
    public async Task<ChatResponse> HandleRequestAsync()
    {
        var caller = await AuthenticateAsync();
        using (ModelCallContext.Push(caller.ToCallContext()))
        {
            await AdmitAsync(caller);
            return await Governed.GetResponseAsync(Messages, Options, CancellationToken.None);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Ledger.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>Fails the run unless a request really reserves on the budgets and reaches the ledger.</summary>
    private async Task CheckAsync()
    {
        var response = await HandleRequestAsync();
        if (response.AdditionalProperties?.GetValueOrDefault(ChatContentProperties.BudgetReservation) is not decimal reserved || reserved <= 0)
        {
            throw new InvalidOperationException("The request reserved nothing: the budgets are not configured as intended.");
        }

        await Ledger.FlushAsync();
        var totals = await LedgerStore.TotalsAsync(new UsageQuery { TenantId = TenantId }, CancellationToken.None);
        if (totals.Requests != 1 || totals.CostUsd <= 0)
        {
            throw new InvalidOperationException($"The ledger holds {totals.Requests} requests costing {totals.CostUsd} USD; expected one priced request.");
        }
    }
}
