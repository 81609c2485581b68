using System.Globalization;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Switchboard.Abstractions.Catalog;
using Switchboard.Abstractions.Chat;
using Switchboard.Abstractions.Governance;
using Switchboard.Abstractions.Providers;
using Switchboard.Gateway.Governance;
using Switchboard.Gateway.Routing;
using Switchboard.Server.Hosting;
using Switchboard.Server.Telemetry;

namespace Switchboard.Gateway.Benchmarks;

/// <summary>
/// The server's services, composed by the server's own <c>AddSwitchboard</c> from configuration, with only the edges
/// replaced: the OpenAI-compatible adapter by a <see cref="CannedAnswerChatClient"/>, the ledger's SQLite store by a
/// <see cref="DiscardingLedgerStore"/>, and logging without a provider. The model-call pipeline is resolved as the
/// endpoints get it (<see cref="IChatClient"/>); metrics are collected as the server collects them (the Prometheus
/// reader started); no traces are exported, the server's default.
/// </summary>
/// <remarks>
/// Governance is configured so that every stage does its work and none refuses: prices for the model, a daily budget
/// for every tenant and a monthly one on the caller's key (so each call reserves and settles on two counters), a
/// requests-per-minute limit on the model, and the default per-key token limit counting each call's tokens. Every limit
/// is set far above what a run can reach. The request sets no temperature, so the response cache is passed by
/// (status <c>bypass</c>), as it is for most traffic; no routing policy is configured and the request names a model.
/// </remarks>
internal sealed class GatewayHost : IAsyncDisposable
{
    public const string Model = "gpt-4o-mini";
    public const string TenantId = "acme";

    private readonly ServiceProvider _services;

    private GatewayHost(ServiceProvider services, DiscardingLedgerStore ledger)
    {
        _services = services;
        Ledger = ledger;
        Pipeline = services.GetRequiredService<IChatClient>();
        var catalog = services.GetRequiredService<IModelCatalog>();
        if (!catalog.TryResolve(Model, out var model, out var reason))
        {
            throw new InvalidOperationException(reason);
        }

        Adapter = services.GetRequiredService<ProviderClientRegistry>().GetClient(model.Provider);
    }

    /// <summary>Gets the whole pipeline, as <c>POST /v1/chat/completions</c> calls it.</summary>
    public IChatClient Pipeline { get; }

    /// <summary>Gets the adapter the router sends calls to: the canned-answer client.</summary>
    public IChatClient Adapter { get; }

    public DiscardingLedgerStore Ledger { get; }

    /// <summary>Gets a short support exchange: a system prompt and a question.</summary>
    public IReadOnlyList<ChatMessage> Messages { get; } =
    [
        new(ChatRole.System, "You are the support assistant of Acme Telecom. Answer briefly and politely; never invent tariffs."),
        new(ChatRole.User, "Hi, I was charged twice for my March invoice (number 2026-03-18842). Can you check and refund the duplicate payment?"),
    ];

    /// <summary>Gets the request's options: the model only, as most clients send (no max_tokens, so budgets set one).</summary>
    public ChatOptions Options { get; } = new() { ModelId = Model };

    /// <summary>Gets the caller's context, as the access middleware makes it for an API key of its own user.</summary>
    public ModelCallContext Context { get; } = new()
    {
        TenantId = TenantId,
        KeyId = "key_01JD7ZK3M8Q4R5S6T7V8W9X0YZ",
        UserId = "ada",
        Budgets = [new BudgetLimit(BudgetScope.Key, BudgetPeriod.Month, BudgetOptions.MaxLimitUsd)],
    };

    public static GatewayHost Create()
    {
        var unlimited = int.MaxValue.ToString(CultureInfo.InvariantCulture);
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                // The built-in engine, as appsettings.json has it: the agent presets name its model. Never called here.
                ["Switchboard:Providers:builtin:Kind"] = "builtin",
                ["Switchboard:Providers:builtin:Models:0:Id"] = "support",
                ["Switchboard:Providers:openai:Kind"] = "openai",
                ["Switchboard:Providers:openai:BaseUrl"] = "https://api.openai.com/v1",
                ["Switchboard:Providers:openai:Models:0:Id"] = Model,
                ["Switchboard:Providers:openai:Models:0:ContextWindow"] = "128000",
                ["Switchboard:Providers:openai:Models:0:InputPricePerMillion"] = "0.15",
                ["Switchboard:Providers:openai:Models:0:OutputPricePerMillion"] = "0.60",
                ["Switchboard:Budgets:Tenants:*:0:Period"] = nameof(BudgetPeriod.Day),
                ["Switchboard:Budgets:Tenants:*:0:LimitUsd"] = BudgetOptions.MaxLimitUsd.ToString(CultureInfo.InvariantCulture),

                // Requests only: a tokens-per-minute limit on the model would be checked against the minute's count,
                // which the fastest entry points could push past int.MaxValue within a minute.
                [$"Switchboard:RateLimits:Models:{Model}:RequestsPerMinute"] = unlimited,
                ["Switchboard:Storage:DataDirectory"] = Path.Combine(Path.GetTempPath(), "switchboard-gateway-bench"),
            })
            .Build();

        var ledger = new DiscardingLedgerStore();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddSwitchboard();
        services.AddSingleton<IChatProviderFactory, CannedAnswerProviderFactory>();
        services.AddSingleton<ILedgerStore>(ledger);

        var provider = services.BuildServiceProvider();
        provider.ValidateSwitchboardConfiguration();

        // What the server does at start-up: start collecting metrics (UseSwitchboardTelemetry) and the ledger's
        // writer (LedgerWriterService).
        _ = provider.GetRequiredService<SwitchboardTelemetryProviders>();
        provider.GetRequiredService<LedgerWriter>().Start();
        return new GatewayHost(provider, ledger);
    }

    /// <summary>Returns the pipeline from the stage <paramref name="entry"/> down: that stage and every stage inside it.</summary>
    public IChatClient From(PipelineEntry entry) => entry switch
    {
        PipelineEntry.Bare => Adapter,
        PipelineEntry.Router => Stage<ProviderRouterChatClient>(),
        PipelineEntry.Failover => Stage<FailoverChatClient>(),
        PipelineEntry.RateLimits => Stage<RateLimits.RateLimitChatClient>(),
        PipelineEntry.Budgets => Stage<BudgetChatClient>(),
        PipelineEntry.RoutingPolicies => Stage<Policies.RoutingPolicyChatClient>(),
        PipelineEntry.ResponseCache => Stage<Caching.ResponseCacheChatClient>(),
        PipelineEntry.Metering => Stage<MeteringChatClient>(),
        PipelineEntry.Full => Stage<Telemetry.ModelCallTelemetryChatClient>(),
        _ => throw new ArgumentOutOfRangeException(nameof(entry)),
    };

    /// <summary>
    /// Fails the run unless a request through the whole pipeline does what the server's would: routed to the adapter,
    /// reserved on the budgets, passed by the cache, and metered into the ledger.
    /// </summary>
    public async Task CheckAsync()
    {
        using (ModelCallContext.Push(Context))
        {
            var before = Ledger.Appended;
            var response = await Pipeline.GetResponseAsync(Messages, Options);
            var properties = response.AdditionalProperties;
            if (response.Text != CannedAnswer.Text
                || properties?.GetValueOrDefault(ChatContentProperties.Provider) as string != "openai"
                || properties.GetValueOrDefault(ChatContentProperties.BudgetReservation) is not decimal reserved || reserved <= 0
                || properties.GetValueOrDefault(ChatContentProperties.CacheStatus) is not ResponseCacheStatus.Bypass)
            {
                throw new InvalidOperationException("The pipeline did not route, reserve and bypass the cache as configured.");
            }

            var updates = 0;
            await foreach (var update in Pipeline.GetStreamingResponseAsync(Messages, Options))
            {
                updates++;
            }

            if (updates != CannedAnswer.Deltas + 1)
            {
                throw new InvalidOperationException($"The stream had {updates} updates; expected {CannedAnswer.Deltas + 1}.");
            }

            await _services.GetRequiredService<LedgerWriter>().FlushAsync();
            if (Ledger.Appended - before != 2)
            {
                throw new InvalidOperationException($"The ledger received {Ledger.Appended - before} entries; expected 2.");
            }
        }
    }

    public ValueTask DisposeAsync() => _services.DisposeAsync();

    private IChatClient Stage<TStage>()
        where TStage : IChatClient =>
        Pipeline.GetService<TStage>() ?? throw new InvalidOperationException($"The pipeline has no {typeof(TStage).Name}.");
}
